package dev.llmdyno.ui.playground;

import atlantafx.base.theme.Styles;
import dev.llmdyno.catalog.ModelInfo;
import dev.llmdyno.catalog.Tier;
import dev.llmdyno.profile.Endpoint;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The playground: endpoint and model bar, parameters, prompt, response, and the session's history. */
public final class PlaygroundView extends BorderPane {

    private final SplitPane columns;
    private final SplitPane rows;

    public PlaygroundView(PlaygroundViewModel model) {
        var form = model.form;
        var endpoint = new ComboBox<>(model.destinations);
        endpoint.setId("endpoint");
        endpoint.valueProperty().bindBidirectional(model.destination);
        endpoint.setConverter(dev.llmdyno.ui.ChoiceText.of(endpoint::getItems, Destination::displayName));
        endpoint.setTooltip(new Tooltip("Where calls go: one endpoint, or a routing group (⇄) spread over several. "
                + "Manage both in the Endpoints menu."));
        endpoint.setMaxWidth(300);

        var tier = new ComboBox<Tier>();
        tier.getItems().add(null);
        tier.getItems().addAll(Tier.values());
        tier.valueProperty().bindBidirectional(model.tierFilter);
        tier.setPromptText("all tiers");
        tier.setButtonCell(tierCell());
        tier.setCellFactory(list -> tierCell());
        tier.setTooltip(new Tooltip("Show models of one tier: fast, balanced or quality."));

        var modelBox = new ComboBox<String>();
        modelBox.setId("model");
        modelBox.setEditable(true);
        modelBox.setPrefWidth(230);
        model.models().addListener((javafx.collections.ListChangeListener<ModelInfo>) change -> fillModels(modelBox, model));
        fillModels(modelBox, model);
        modelBox.valueProperty().bindBidirectional(form.model);
        modelBox.setTooltip(new Tooltip("Pick from the catalog or type any model id."));
        var modelInfo = new Label();
        modelInfo.setId("model-info");
        modelInfo.textProperty().bind(model.modelSummaryProperty());
        modelInfo.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        // The model's summary is what gives way when the bar is narrow; its tooltip keeps the whole of it.
        modelInfo.setMinWidth(0);
        modelInfo.setWrapText(true);
        var modelInfoTip = new Tooltip();
        modelInfoTip.textProperty().bind(model.modelSummaryProperty());
        modelInfo.setTooltip(modelInfoTip);
        HBox.setHgrow(modelInfo, Priority.SOMETIMES);

        var run = new Button("Run");
        run.setId("run");
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(model.canRunProperty().not());
        run.setOnAction(event -> model.run());
        run.setTooltip(new Tooltip("Run the prompt (Ctrl+Enter)"));
        var cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.disableProperty().bind(model.runs.runningProperty().not());
        cancel.setOnAction(event -> model.runs.cancel());
        cancel.setTooltip(new Tooltip("Stop the run (Esc)"));
        var blocked = new Label();
        blocked.setId("run-blocked");
        blocked.textProperty().bind(model.runBlockedProperty());
        blocked.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        blocked.setWrapText(true);
        blocked.setMaxWidth(260);
        blocked.visibleProperty().bind(blocked.textProperty().isNotEmpty());
        blocked.managedProperty().bind(blocked.visibleProperty());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var endpointLabel = new Label("Endpoint");
        var modelLabel = new Label("Model");
        for (var fixed : java.util.List.<Region>of(endpointLabel, modelLabel, run, cancel, tier)) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        endpoint.setMinWidth(140);
        modelBox.setMinWidth(160);
        var bar = new HBox(8, endpointLabel, endpoint, tier, modelLabel, modelBox, modelInfo, spacer, blocked, run, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));
        bar.getStyleClass().add("model-bar");

        columns = new SplitPane(new ParametersView(form), new PromptEditorView(model), new ResponseView(model));
        columns.setDividerPositions(0.24, 0.62);
        rows = new SplitPane(columns, new HistoryView(model));
        rows.setOrientation(Orientation.VERTICAL);
        rows.setDividerPositions(0.72);
        setTop(bar);
        setCenter(rows);
    }

    /** Divider positions, for remembering the layout: three columns then the history split. */
    public double[] dividers() {
        var c = columns.getDividerPositions();
        return new double[]{c[0], c[1], rows.getDividerPositions()[0]};
    }

    public void restoreDividers(double[] positions) {
        if (positions != null && positions.length == 3) {
            columns.setDividerPositions(positions[0], positions[1]);
            rows.setDividerPositions(positions[2]);
        }
    }

    private static void fillModels(ComboBox<String> box, PlaygroundViewModel model) {
        var current = box.getValue();
        box.getItems().setAll(model.models().stream().map(ModelInfo::id).toList());
        box.setValue(current);
    }

    private static ListCell<Tier> tierCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Tier item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? "all tiers" : item.id());
            }
        };
    }
}
