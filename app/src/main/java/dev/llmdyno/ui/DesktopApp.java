package dev.llmdyno.ui;

import dev.llmdyno.Version;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.catalog.ModelInfo;
import javafx.application.Application;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.util.function.Function;

/** The desktop application. */
public final class DesktopApp extends Application {

    public static void launchDesktop(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        var title = new Label("LLM Dyno " + Version.get());
        title.setPadding(new Insets(12));
        var table = new TableView<ModelInfo>();
        table.getColumns().add(column("Model", ModelInfo::id));
        table.getColumns().add(column("Provider", ModelInfo::provider));
        table.getItems().setAll(Catalog.builtIn().models());
        var root = new BorderPane(table);
        root.setTop(title);
        stage.setTitle("LLM Dyno");
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    private static TableColumn<ModelInfo, String> column(String name, Function<ModelInfo, String> value) {
        var column = new TableColumn<ModelInfo, String>(name);
        column.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        return column;
    }
}
