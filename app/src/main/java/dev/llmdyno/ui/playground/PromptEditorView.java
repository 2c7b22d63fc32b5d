package dev.llmdyno.ui.playground;

import atlantafx.base.theme.Styles;
import dev.llmdyno.profile.Message;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The prompt: system prompt, the messages, the variables' values, and (in the playground) the live count, context
 * gauge and cost.
 */
public final class PromptEditorView extends VBox {

    private final ProfileForm form;
    /** Put before every id, so that two editors can share a scene ("variant-" in the Experiments tab). */
    private final String ids;
    private final VBox messageList = new VBox(8);
    /** One editor per message row, kept while the row exists so that typing never rebuilds an editor. */
    private final java.util.Map<MessageRow, MessageEditor> editors = new java.util.IdentityHashMap<>();

    private record MessageEditor(VBox node, PromptText text) {
    }

    PromptEditorView(PlaygroundViewModel model) {
        this(model.form, counts(model), "");
    }

    /** The prompt of {@code form} without the counts, for editing a variant's prompt; ids start with {@code ids}. */
    public static PromptEditorView of(ProfileForm form, String ids) {
        return new PromptEditorView(form, null, ids);
    }

    private static VBox counts(PlaygroundViewModel model) {
        var title = new Label("Prompt");
        title.getStyleClass().add(Styles.TITLE_4);
        var tokens = new Label();
        tokens.setId("token-count");
        tokens.textProperty().bind(model.tokenSummaryProperty());
        tokens.setTooltip(new Tooltip("Prompt tokens as the model receives them, chat-format overhead included."));
        var cost = new Label();
        cost.setId("cost-estimate");
        cost.textProperty().bind(model.costSummaryProperty());
        cost.getStyleClass().add(Styles.TEXT_MUTED);
        cost.setTooltip(new Tooltip("Estimated cost of the prompt alone, and if the answer used all of max_tokens."));
        var gauge = new ProgressBar();
        gauge.setId("context-gauge");
        gauge.progressProperty().bind(model.contextUsedProperty());
        gauge.setPrefWidth(120);
        gauge.setTooltip(new Tooltip("Share of the model's context window the prompt uses."));
        tokens.setMinWidth(Region.USE_PREF_SIZE);
        cost.setMinWidth(Region.USE_PREF_SIZE);
        gauge.setMinWidth(60);
        // Wraps the cost onto a line of its own where the column is too narrow, rather than cutting it off.
        var counts = new javafx.scene.layout.FlowPane(10, 2, tokens, gauge, cost);
        counts.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, title, counts);
    }

    private PromptEditorView(ProfileForm form, javafx.scene.Node header, String ids) {
        super(8);
        this.form = form;
        this.ids = ids;
        setPadding(new Insets(header == null ? 0 : 10));

        var system = new PromptText(form.system, ids + "system-prompt", 60).fitToContent(40, 140).node();
        system.setId(ids + "system-prompt");

        form.messages.addListener((ListChangeListener<MessageRow>) change -> {
            while (change.next()) {
                if (change.wasAdded() || change.wasRemoved() || change.wasPermutated()) {
                    rebuildMessages();
                    return;
                }
            }
        });
        rebuildMessages();
        var scroller = new ScrollPane(messageList);
        scroller.setFitToWidth(true);
        VBox.setVgrow(scroller, Priority.ALWAYS);

        var addUser = new Button("+ User");
        addUser.setOnAction(event -> form.addMessage(Message.Role.USER));
        var addAssistant = new Button("+ Assistant");
        addAssistant.setOnAction(event -> form.addMessage(Message.Role.ASSISTANT));
        var adders = new HBox(8, addUser, addAssistant);

        // A removed message can be put back: the bar says what went and offers Undo (also Ctrl+Z outside a text).
        var removedText = new Label();
        removedText.setId(ids + "removed-message");
        removedText.textProperty().bind(Bindings.createStringBinding(() -> form.lastRemovedProperty().get() == null
                ? "" : form.lastRemovedProperty().get().describe(), form.lastRemovedProperty()));
        removedText.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(removedText, Priority.ALWAYS);
        var undo = new Button("Undo");
        undo.setId(ids + "undo-remove");
        undo.getStyleClass().add(Styles.SMALL);
        undo.setOnAction(event -> form.undoRemoveMessage());
        var dismiss = small("Dismiss", "Forget the removed message", form::forgetRemovedMessage);
        var removedBar = new HBox(8, removedText, undo, dismiss);
        removedBar.setAlignment(Pos.CENTER_LEFT);
        removedBar.getStyleClass().add("undo-bar");
        removedBar.visibleProperty().bind(form.lastRemovedProperty().isNotNull());
        removedBar.managedProperty().bind(removedBar.visibleProperty());

        // With no message there is nothing to send: say so where the messages go, in red, like any field's rule.
        var messagesError = new Label();
        messagesError.setId(ids + "prompt-messages-error");
        messagesError.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        messagesError.setWrapText(true);
        messagesError.textProperty().bind(Bindings.createStringBinding(() -> form.problemLines().stream()
                .filter(line -> line.startsWith("prompt")).collect(java.util.stream.Collectors.joining("\n")),
                form.problemsProperty()));
        messagesError.visibleProperty().bind(messagesError.textProperty().isNotEmpty());
        messagesError.managedProperty().bind(messagesError.visibleProperty());

        var variables = variablesTable(form);
        if (header != null) {
            getChildren().add(header);
        }
        getChildren().addAll(new Label("System"), system, new Label("Messages"), scroller, messagesError,
                removedBar, adders, variables);
    }

    private void rebuildMessages() {
        var rows = form.messages;
        editors.entrySet().removeIf(entry -> {
            boolean gone = !rows.contains(entry.getKey());
            if (gone) {
                entry.getValue().text().dispose();
            }
            return gone;
        });
        messageList.getChildren().setAll(rows.stream()
                .map(row -> editors.computeIfAbsent(row, this::editor).node()).toList());
    }

    private MessageEditor editor(MessageRow row) {
        var role = new ComboBox<Message.Role>();
        role.getItems().setAll(Message.Role.values());
        role.setConverter(dev.llmdyno.ui.ChoiceText.of(role::getItems, Message.Role::id));
        role.valueProperty().bindBidirectional(row.roleProperty());
        var tokens = new Label();
        tokens.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        tokens.textProperty().bind(Bindings.createStringBinding(
                () -> row.tokensProperty().get() < 0 ? "" : row.tokensProperty().get() + " tokens", row.tokensProperty()));
        var up = small("Up", "Move this message up", () -> form.moveMessage(row, -1));
        up.setId(ids + "message-up");
        var down = small("Down", "Move this message down", () -> form.moveMessage(row, 1));
        down.setId(ids + "message-down");
        var remove = small("Remove", "Remove this message (Undo puts it back)", () -> form.removeMessage(row));
        remove.setId(ids + "message-remove");
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(6, role, tokens, spacer, up, down, remove);
        bar.setAlignment(Pos.CENTER_LEFT);
        var content = new PromptText(row.contentProperty(), ids + "message-content", 60).fitToContent(44, 220);
        var box = new VBox(4, bar, content.node());
        box.getStyleClass().add("message-editor");
        return new MessageEditor(box, content);
    }

    private static Button small(String text, String help, Runnable action) {
        var button = new Button(text);
        // Text on a flat button: an icon-only style would hide the text, leaving nothing to see or click.
        button.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip(help));
        button.setOnAction(event -> action.run());
        return button;
    }

    private TableView<VariableRow> variablesTable(ProfileForm form) {
        var table = new TableView<>(form.variables);
        table.setId(ids + "variables");
        table.getStyleClass().add(Styles.DENSE);
        table.setEditable(true);
        // As tall as its rows (up to four, dense), so that the messages above keep the room it does not need.
        table.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> 34.0 + 29.0 * Math.clamp(form.variables.size(), 1, 4), form.variables));
        table.setMinHeight(64);
        table.setPlaceholder(new Label("Use {{name}} in the prompt to add a variable"));
        var name = new TableColumn<VariableRow, String>("Variable");
        name.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(cell.getValue().name()));
        name.setEditable(false);
        var value = new TableColumn<VariableRow, String>("Value");
        var valueHeader = new Label("Value");
        valueHeader.setTooltip(new Tooltip("Double-click a value to edit it; Enter keeps it, Esc drops the edit."));
        value.setText(null);
        value.setGraphic(valueHeader);
        value.setCellValueFactory(cell -> cell.getValue().valueProperty());
        value.setCellFactory(TextFieldTableCell.forTableColumn());
        value.setOnEditCommit(event -> event.getRowValue().valueProperty().set(event.getNewValue()));
        table.getColumns().add(name);
        table.getColumns().add(value);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }
}
