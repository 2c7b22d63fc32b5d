package dev.llmdyno.ui.playground;

import atlantafx.base.theme.Styles;
import dev.llmdyno.catalog.Cost;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.OptionalDouble;
import java.util.function.Function;

/** This session's runs; one selected shows its answer and numbers, two selected compare side by side. */
final class HistoryView extends VBox {

    HistoryView(PlaygroundViewModel model) {
        super(6);
        setPadding(new Insets(6, 10, 6, 10));
        // Newest first, this session's and earlier ones' (kept in the history store); the search box narrows them.
        var search = new javafx.scene.control.TextField();
        search.setId("history-search");
        search.setPromptText("Search runs: model, target, prompt, answer, error");
        search.setPrefColumnCount(28);
        var shown = new javafx.collections.transformation.FilteredList<>(model.runs.history());
        // Each run's text is gathered and lowered once, not on every keystroke for every run.
        var searchText = new java.util.IdentityHashMap<RunRecord, String>();
        shown.predicateProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> run -> RunRecord.matches(searchText.computeIfAbsent(run, RunRecord::searchText), search.getText()),
                search.textProperty()));
        var table = new TableView<>(shown);
        table.setId("history");
        // Dense rows: at 1280×800 four runs are in sight, not one and a half.
        table.getStyleClass().add(Styles.DENSE);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("Runs appear here (Ctrl+Enter runs the prompt); they are kept between sessions"));
        table.getColumns().add(column("Time", 90, RunRecord::when));
        table.getColumns().add(column("Model", 130, r -> r.profile().model()));
        table.getColumns().add(column("Target", 130, r -> MetricRows.targets(r.result())));
        table.getColumns().add(column("Parameters", 170, RunRecord::parameters));
        table.getColumns().add(column("TTFT", 80, r -> MetricRows.ms(r.result().metrics().ttftMs())));
        table.getColumns().add(column("Total", 80, r -> MetricRows.ms(r.result().metrics().e2eMs())));
        table.getColumns().add(column("Tokens in/out", 110, RunRecord::tokens));
        table.getColumns().add(column("Cost", 90, r -> Cost.format(r.result().metrics().costUsd() == null
                ? OptionalDouble.empty() : OptionalDouble.of(r.result().metrics().costUsd()))));
        var error = column("Error", 220, r -> r.result().error() == null ? "" : r.result().error().toString());
        // An error is longer than its column: the whole of it is in the cell's tooltip.
        error.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : dev.llmdyno.ui.WrappingTooltip.of(item));
            }
        });
        table.getColumns().add(error);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);

        var selection = table.getSelectionModel().getSelectedItems();
        selection.addListener((ListChangeListener<RunRecord>) change ->
                model.selectedRun.set(selection.size() == 1 ? selection.getFirst() : null));
        model.runs.runningProperty().addListener((obs, old, running) -> {
            if (running) {
                table.getSelectionModel().clearSelection();
            }
        });
        var compare = new Button("Compare selected");
        compare.setId("compare");
        compare.disableProperty().bind(javafx.beans.binding.Bindings.size(selection).isNotEqualTo(2));
        compare.setOnAction(event -> compare(selection.get(0), selection.get(1)));
        var title = new Label("History");
        title.getStyleClass().add(Styles.TITLE_4);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var header = new HBox(10, title, search, spacer, compare);
        header.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(header, table);
    }

    private static TableColumn<RunRecord, String> column(String name, double width, Function<RunRecord, String> value) {
        var column = new TableColumn<RunRecord, String>(name);
        column.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private void compare(RunRecord a, RunRecord b) {
        var grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        grid.add(new Label(""), 0, 0);
        grid.add(bold(a.when() + " " + a.profile().model()), 1, 0);
        grid.add(bold(b.when() + " " + b.profile().model()), 2, 0);
        grid.add(new Label("Parameters"), 0, 1);
        grid.add(new Label(a.parameters()), 1, 1);
        grid.add(new Label(b.parameters()), 2, 1);
        var left = MetricRows.of(a.result());
        var right = MetricRows.of(b.result());
        for (int i = 0; i < left.size(); i++) {
            grid.add(new Label(left.get(i).label()), 0, i + 2);
            grid.add(new Label(left.get(i).value()), 1, i + 2);
            grid.add(new Label(right.get(i).value()), 2, i + 2);
        }
        // The answers side by side, each word that is only in one of them marked on its side.
        var sides = AnswerDiff.of(a.result().text(), b.result().text());
        var answers = new HBox(12, answer(sides.left(), "compare-left"), answer(sides.right(), "compare-right"));
        answers.getChildren().forEach(node -> HBox.setHgrow(node, Priority.ALWAYS));
        answers.setPrefWidth(900);
        var note = new Label("In colour: words only in that answer.");
        note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        var content = new VBox(10, grid, new Label("Answers"), answers, note);
        VBox.setVgrow(answers, Priority.ALWAYS);
        var dialog = new Dialog<Void>();
        dialog.setTitle("Compare runs");
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefSize(960, 720);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.initOwner(getScene().getWindow());
        dialog.show();
    }

    private static javafx.scene.control.ScrollPane answer(java.util.List<AnswerDiff.Piece> pieces, String id) {
        var flow = new javafx.scene.text.TextFlow();
        flow.setId(id);
        flow.getStyleClass().add("compare-answer");
        for (var piece : pieces) {
            var text = new javafx.scene.text.Text(piece.text());
            text.getStyleClass().add(piece.kind() == AnswerDiff.Kind.SAME ? "diff-same" : "diff-only-here");
            flow.getChildren().add(text);
        }
        if (pieces.isEmpty()) {
            flow.getChildren().add(new javafx.scene.text.Text("(no answer)"));
        }
        flow.setPadding(new Insets(8));
        var scroller = new javafx.scene.control.ScrollPane(flow);
        scroller.setFitToWidth(true);
        scroller.setPrefViewportHeight(320);
        scroller.setPrefViewportWidth(440);
        return scroller;
    }

    private static Label bold(String text) {
        var label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }
}
