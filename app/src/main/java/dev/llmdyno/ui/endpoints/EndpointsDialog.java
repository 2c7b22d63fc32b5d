package dev.llmdyno.ui.endpoints;

import atlantafx.base.theme.Styles;
import dev.llmdyno.call.Keyring;
import dev.llmdyno.call.ModelLister;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.profile.SecretRef;
import dev.llmdyno.ui.UiThread;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Add, edit and remove endpoints ("Test connection" lists the models an endpoint reports), and the routing groups
 * that spread calls over several of them.
 */
public final class EndpointsDialog extends Dialog<Void> {

    private final ListView<Endpoint> list;
    private final TextField name = new TextField();
    private final ComboBox<ProviderKind> kind = new ComboBox<>();
    private final TextField baseUrl = new TextField();
    private final TextField keyRef = new TextField();
    private final TextField deployment = new TextField();
    private final TextField apiVersion = new TextField();
    private final Label problem = new Label();
    private final TextArea models = new TextArea();

    public EndpointsDialog(Window owner, ObservableList<Endpoint> endpoints, ObservableList<RoutingGroup> groups,
                           ModelLister lister,
                           Function<Endpoint, String> resolveBaseUrl, Keyring keyring, Executor background, UiThread ui) {
        setTitle("Endpoints");
        initOwner(owner);
        setResizable(true);
        list = new ListView<>(endpoints);
        list.setId("endpoint-list");
        list.setPrefWidth(230);
        list.setMinWidth(200);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Endpoint item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.displayName());
            }
        });
        kind.getItems().setAll(ProviderKind.values());
        kind.setConverter(dev.llmdyno.ui.ChoiceText.of(kind::getItems, ProviderKind::id));
        kind.valueProperty().addListener((obs, old, now) -> baseUrl.setPromptText(
                now == null ? "" : now.defaultBaseUrl().orElse(now == ProviderKind.SIMULATOR ? "started in-process" : "required")));
        keyRef.setPromptText("env:OPENAI_API_KEY or keyring:openai");
        keyRef.setId("endpoint-key-ref");
        for (var field : java.util.List.of(name, baseUrl, keyRef, deployment, apiVersion)) {
            field.setPrefColumnCount(26);
        }
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        models.setEditable(false);
        models.setPrefRowCount(6);

        var form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        int row = 0;
        // The key itself goes to the desktop keyring, and the endpoint keeps only a keyring: reference to it.
        var storeKey = new Button("Store key…");
        storeKey.setId("store-key");
        storeKey.setTooltip(new javafx.scene.control.Tooltip(
                "Type the API key once: it is kept in the desktop keyring (Secret Service), never in a file."));
        storeKey.setOnAction(event -> askForKey().ifPresent(secret -> {
            var reference = SecretRef.parse(keyRef.getText().strip())
                    .filter(ref -> ref.scheme() == SecretRef.Scheme.KEYRING).map(SecretRef::name)
                    .orElse(Keyring.nameFor(name.getText().isBlank() ? kind.getValue().id() : name.getText()));
            problem.getStyleClass().remove(Styles.DANGER);
            problem.setText("Storing the key in the keyring...");
            background.execute(() -> {
                String outcome;
                boolean stored;
                try {
                    keyring.store(reference, secret);
                    outcome = "Stored in the keyring as keyring:" + reference + ". Update keeps it with the endpoint.";
                    stored = true;
                } catch (Keyring.KeyringException e) {
                    outcome = e.getMessage();
                    stored = false;
                }
                var message = outcome;
                var ok = stored;
                ui.post(() -> {
                    if (ok) {
                        keyRef.setText("keyring:" + reference);
                    } else {
                        problem.getStyleClass().add(Styles.DANGER);
                    }
                    problem.setText(message);
                });
            });
        }));
        storeKey.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var keyRow = new HBox(6, keyRef, storeKey);
        for (var entry : new Object[][]{{"Name", name}, {"Kind", kind}, {"Base URL", baseUrl}, {"API key ref", keyRow},
                {"Azure deployment", deployment}, {"Azure api-version", apiVersion}}) {
            var label = new Label((String) entry[0]);
            label.setMinWidth(Label.USE_PREF_SIZE);
            form.add(label, 0, row);
            form.add((javafx.scene.Node) entry[1], 1, row++);
        }
        var add = new Button("Add");
        add.setOnAction(event -> read().ifPresent(endpoint -> {
            endpoints.add(endpoint);
            list.getSelectionModel().select(endpoint);
        }));
        var update = new Button("Update");
        update.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        update.setOnAction(event -> read().ifPresent(endpoint ->
                endpoints.set(list.getSelectionModel().getSelectedIndex(), endpoint)));
        var remove = new Button("Remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull()
                .or(list.getSelectionModel().selectedItemProperty().isEqualTo(Endpoint.LOCAL_SIMULATOR)));
        remove.setOnAction(event -> endpoints.remove(list.getSelectionModel().getSelectedItem()));
        var test = new Button("Test connection");
        test.setOnAction(event -> read().ifPresent(endpoint -> {
            models.setText("Asking " + endpoint.displayName() + " for its models...");
            background.execute(() -> {
                String text;
                try {
                    var listing = lister.list(endpoint, resolveBaseUrl.apply(endpoint));
                    text = listing.ok() ? listing.models().size() + " models:\n" + String.join("\n", listing.models())
                            : "Failed: " + listing.problem();
                } catch (RuntimeException e) {
                    text = "Failed: " + e.getMessage();
                }
                var shown = text;
                ui.post(() -> models.setText(shown));
            });
        }));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> show(now));
        for (var button : java.util.List.of(add, update, remove, test)) {
            button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        var right = new VBox(8, form, problem, new HBox(8, add, update, remove, test), new Label("Models"), models);
        var content = new HBox(12, list, right);
        content.setPadding(new Insets(10));
        var endpointsTab = new javafx.scene.control.Tab("Endpoints", content);
        var groupsTab = new javafx.scene.control.Tab("Routing groups", new RoutingGroupsPane(groups, endpoints));
        groupsTab.setId("routing-groups-tab");
        var tabs = new javafx.scene.control.TabPane(endpointsTab, groupsTab);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        getDialogPane().setContent(tabs);
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        list.getSelectionModel().selectFirst();
    }

    /** The key, typed into a password field; empty when cancelled or left blank. */
    private java.util.Optional<String> askForKey() {
        var field = new javafx.scene.control.PasswordField();
        field.setId("key-entry");
        field.setPrefColumnCount(32);
        var dialog = new Dialog<String>();
        dialog.setTitle("Store an API key");
        dialog.setHeaderText("The key for " + (name.getText().isBlank() ? "this endpoint" : name.getText()));
        dialog.initOwner(getDialogPane().getScene().getWindow());
        dialog.getDialogPane().setContent(new VBox(6, new Label("It is stored in the desktop keyring, not in any file."), field));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK ? field.getText() : null);
        javafx.application.Platform.runLater(field::requestFocus);
        return dialog.showAndWait().map(String::strip).filter(key -> !key.isEmpty());
    }

    private void show(Endpoint endpoint) {
        if (endpoint == null) {
            return;
        }
        name.setText(endpoint.name() == null ? "" : endpoint.name());
        kind.setValue(endpoint.kind());
        baseUrl.setText(endpoint.baseUrl() == null ? "" : endpoint.baseUrl());
        keyRef.setText(endpoint.apiKeyRef() == null ? "" : endpoint.apiKeyRef());
        deployment.setText(endpoint.deployment() == null ? "" : endpoint.deployment());
        apiVersion.setText(endpoint.apiVersion() == null ? "" : endpoint.apiVersion());
        problem.setText("");
    }

    /** The endpoint the form describes, or empty with the problem shown. */
    private java.util.Optional<Endpoint> read() {
        var ref = blankToNull(keyRef.getText());
        if (ref != null && SecretRef.parse(ref).isEmpty()) {
            problem.setText(SecretRef.looksLikeSecretValue(ref)
                    ? "That looks like a key itself. Store it in an environment variable and write env:NAME."
                    : "'" + ref + "' is not a reference; write env:NAME or keyring:NAME.");
            return java.util.Optional.empty();
        }
        var url = blankToNull(baseUrl.getText());
        if (url != null && !url.matches("https?://.+")) {
            problem.setText("Base URL must start with http:// or https://");
            return java.util.Optional.empty();
        }
        if (kind.getValue() == null) {
            problem.setText("Choose a kind");
            return java.util.Optional.empty();
        }
        problem.setText("");
        return java.util.Optional.of(new Endpoint(blankToNull(name.getText()), kind.getValue(), url, ref,
                blankToNull(deployment.getText()), blankToNull(apiVersion.getText())));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
