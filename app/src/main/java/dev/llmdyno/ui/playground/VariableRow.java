package dev.llmdyno.ui.playground;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One {@code {{variable}}} and its value. */
public final class VariableRow {

    private final String name;
    private final StringProperty value;

    public VariableRow(String name, String value) {
        this.name = name;
        this.value = new SimpleStringProperty(value);
    }

    public String name() {
        return name;
    }

    public StringProperty valueProperty() {
        return value;
    }
}
