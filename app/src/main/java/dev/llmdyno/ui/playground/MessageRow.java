package dev.llmdyno.ui.playground;

import dev.llmdyno.profile.Message;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One message of the prompt being edited, with its live token count (-1 until counted). */
public final class MessageRow {

    private final ObjectProperty<Message.Role> role;
    private final StringProperty content;
    private final IntegerProperty tokens = new SimpleIntegerProperty(-1);

    public MessageRow(Message message) {
        this.role = new SimpleObjectProperty<>(message.role());
        this.content = new SimpleStringProperty(message.content());
    }

    public ObjectProperty<Message.Role> roleProperty() {
        return role;
    }

    public StringProperty contentProperty() {
        return content;
    }

    public IntegerProperty tokensProperty() {
        return tokens;
    }

    Message toMessage() {
        return new Message(role.get(), content.get());
    }
}
