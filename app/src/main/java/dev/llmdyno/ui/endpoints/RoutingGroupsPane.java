package dev.llmdyno.ui.endpoints;

import atlantafx.base.theme.Styles;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileValidator;
import dev.llmdyno.profile.Routing;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Add, edit and remove routing groups: a name, a strategy, the targets (each an endpoint with a name, an optional
 * group, weight and model; groups are tried in the order they first appear) and the fallback. What is wrong is
 * named by its path, as profile validation names it.
 */
final class RoutingGroupsPane extends HBox {

    private final ObservableList<Endpoint> endpoints;
    private final ListView<RoutingGroup> list;
    private final TextField name = new TextField();
    private final ComboBox<Routing.Strategy> strategy = new ComboBox<>();
    private final GridPane targets = new GridPane();
    private final List<TargetRow> rows = new ArrayList<>();
    private final TextField onStatus = new TextField();
    private final CheckBox onTimeout = new CheckBox("also on timeouts and connection errors");
    private final TextField allowedFails = new TextField();
    private final TextField cooldownSeconds = new TextField();
    private final Label problem = new Label();

    /** One target's fields, a row of the targets grid. */
    private final class TargetRow {
        final TextField name = field("target-name", 8, "name");
        final ComboBox<Endpoint> endpoint = new ComboBox<>(endpoints);
        final TextField group = field("target-group", 7, "none");
        final TextField weight = field("target-weight", 4, "1");
        final TextField model = field("target-model", 9, "profile's");
        final Button remove = new Button("Remove");

        TargetRow(Routing.Target target) {
            endpoint.getStyleClass().add("target-endpoint");
            endpoint.setConverter(dev.llmdyno.ui.ChoiceText.of(endpoint::getItems, Endpoint::displayName));
            endpoint.setPrefWidth(170);
            remove.getStyleClass().addAll("target-remove", Styles.FLAT);
            remove.setOnAction(event -> {
                rows.remove(this);
                layoutTargets();
            });
            if (target != null) {
                name.setText(target.name());
                if (!endpoints.contains(target.endpoint())) {
                    endpoints.add(target.endpoint());
                }
                endpoint.setValue(target.endpoint());
                group.setText(target.group() == null ? "" : target.group());
                weight.setText(target.weight() == null ? "" : dev.llmdyno.profile.Numbers.format(target.weight()));
                model.setText(target.model() == null ? "" : target.model());
            } else {
                endpoint.setValue(endpoints.getFirst());
            }
        }
    }

    RoutingGroupsPane(ObservableList<RoutingGroup> groups, ObservableList<Endpoint> endpoints) {
        super(12);
        this.endpoints = endpoints;
        list = new ListView<>(groups);
        list.setId("routing-group-list");
        list.setPrefWidth(230);
        list.setMinWidth(200);
        list.setPlaceholder(new Label("No routing groups yet:\nfill the form and Add"));
        list.setCellFactory(view -> new ListCell<>() {
            {
                // A long name wraps inside the list rather than running off its right edge.
                setWrapText(true);
                prefWidthProperty().bind(view.widthProperty().subtract(24));
            }

            @Override
            protected void updateItem(RoutingGroup item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.displayName());
            }
        });
        name.setId("group-name");
        name.setPrefColumnCount(20);
        strategy.setId("group-strategy");
        strategy.getItems().setAll(Routing.Strategy.values());
        strategy.setConverter(dev.llmdyno.ui.ChoiceText.of(strategy::getItems, Routing.Strategy::id));
        onStatus.setId("group-on-status");
        onStatus.setPrefColumnCount(18);
        onTimeout.setId("group-on-timeout");
        allowedFails.setId("group-allowed-fails");
        allowedFails.setPrefColumnCount(4);
        cooldownSeconds.setId("group-cooldown");
        cooldownSeconds.setPrefColumnCount(4);
        problem.setId("group-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.setMaxWidth(640);
        targets.setHgap(6);
        targets.setVgap(4);
        var addTarget = new Button("Add target");
        addTarget.setId("add-target");
        addTarget.setOnAction(event -> {
            rows.add(new TargetRow(null));
            layoutTargets();
        });

        var form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, label("Name"), name);
        form.addRow(1, label("Strategy"), strategy);
        var fallback = new HBox(8, label("Fall back on statuses"), onStatus, onTimeout);
        var rest = new HBox(8, label("Rest a target after"), allowedFails, label("failures in a row for"),
                cooldownSeconds, label("s"));
        for (var box : List.of(fallback, rest)) {
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }
        var note = new Label("Groups are tried in the order they first appear: calls balance inside the first group "
                + "with a target left and fall back to the next.");
        note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        note.setWrapText(true);
        note.setMaxWidth(640);
        var add = new Button("Add");
        add.setId("group-add");
        add.setOnAction(event -> read().ifPresent(group -> {
            groups.add(group);
            list.getSelectionModel().select(group);
        }));
        var update = new Button("Update");
        update.setId("group-update");
        update.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        update.setOnAction(event -> read().ifPresent(group -> groups.set(list.getSelectionModel().getSelectedIndex(), group)));
        var remove = new Button("Remove");
        remove.setId("group-remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(event -> groups.remove(list.getSelectionModel().getSelectedItem()));
        for (var button : List.of(add, update, remove, addTarget)) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        var right = new VBox(8, form, new Label("Targets"), targets, addTarget, note, fallback, rest, problem,
                new HBox(8, add, update, remove));
        getChildren().addAll(list, right);
        setPadding(new Insets(10));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> show(now));
        if (groups.isEmpty()) {
            show(null);
        } else {
            list.getSelectionModel().selectFirst();
        }
    }

    private static Label label(String text) {
        var label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static TextField field(String styleClass, int columns, String prompt) {
        var field = new TextField();
        field.getStyleClass().add(styleClass);
        field.setPrefColumnCount(columns);
        field.setPromptText(prompt);
        return field;
    }

    private void layoutTargets() {
        targets.getChildren().clear();
        targets.addRow(0, label("Name"), label("Endpoint"), label("Group"), label("Weight"), label("Model"));
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            targets.addRow(i + 1, row.name, row.endpoint, row.group, row.weight, row.model, row.remove);
        }
    }

    /** Fills the form with {@code group}, or with a new group of two targets on the first endpoint. */
    private void show(RoutingGroup group) {
        rows.clear();
        var routing = group == null ? new Routing(null, List.of(
                new Routing.Target("a", endpoints.getFirst(), null, null, null),
                new Routing.Target("b", endpoints.getFirst(), null, null, null)), null) : group.routing();
        name.setText(group == null ? "" : group.name());
        strategy.setValue(routing.strategy());
        routing.targets().forEach(target -> rows.add(new TargetRow(target)));
        var fallback = routing.fallback();
        onStatus.setText(String.join(", ", fallback.onStatus().stream().map(String::valueOf).toList()));
        onTimeout.setSelected(fallback.onTimeout());
        allowedFails.setText(String.valueOf(fallback.allowedFails()));
        cooldownSeconds.setText(String.valueOf(fallback.cooldownSeconds()));
        problem.setText("");
        layoutTargets();
    }

    /** The group the form describes, or empty with what is wrong shown, by path. */
    private Optional<RoutingGroup> read() {
        var problems = new ArrayList<String>();
        if (name.getText().isBlank()) {
            problems.add("name: is required");
        }
        var targetList = new ArrayList<Routing.Target>();
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            var weight = number(row.weight.getText(), "routing.targets[" + i + "].weight", problems);
            targetList.add(new Routing.Target(row.name.getText().strip(), row.endpoint.getValue(), blankToNull(row.model.getText()),
                    weight, blankToNull(row.group.getText())));
        }
        var statuses = new ArrayList<Integer>();
        var statusText = onStatus.getText().strip();
        if (!statusText.isEmpty()) {
            for (var part : Arrays.stream(statusText.split("[,\\s]+")).toList()) {
                if (part.matches("\\d{1,3}")) {
                    statuses.add(Integer.parseInt(part));
                } else {
                    problems.add("routing.fallback.onStatus: '" + part + "' is not a status; write them like 429, 503");
                }
            }
        }
        var fails = whole(allowedFails.getText(), "routing.fallback.allowedFails", problems);
        var cooldown = whole(cooldownSeconds.getText(), "routing.fallback.cooldownSeconds", problems);
        var routing = new Routing(strategy.getValue(), targetList,
                new Routing.Fallback(statuses, onTimeout.isSelected(), fails, cooldown));
        new ProfileValidator().validate(Profile.starter().withRouting(routing)).stream()
                .filter(p -> p.path().startsWith("routing")).forEach(p -> problems.add(p.path() + ": " + p.message()));
        if (!problems.isEmpty()) {
            problem.setText(String.join("\n", problems));
            return Optional.empty();
        }
        problem.setText("");
        return Optional.of(new RoutingGroup(name.getText().strip(), routing));
    }

    private static Double number(String text, String path, List<String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            problems.add(path + ": '" + text.strip() + "' is not a number");
            return null;
        }
    }

    private static Integer whole(String text, String path, List<String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!text.strip().matches("-?\\d{1,9}")) {
            problems.add(path + ": '" + text.strip() + "' is not a whole number");
            return null;
        }
        return Integer.parseInt(text.strip());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
