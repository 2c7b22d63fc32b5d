package dev.llmdyno.ui.machine;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** The machine panel in the status bar: CPU and memory sparklines, this app's memory, each GPU. */
public final class MachineView extends HBox {

    public MachineView(MachineViewModel model) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("machine-panel");
        var cpu = label(model.cpuProperty(), "Load across all cores, sampled once a second.");
        var memory = label(model.memoryProperty(), "Memory in use on this machine.");
        var process = label(model.processProperty(), "This app's resident memory.");
        var gpu = label(model.gpuProperty(), "Each GPU: name, utilisation, VRAM and temperature where the platform "
                + "reports them (nvidia-smi on NVIDIA); 'not available' rather than a made-up 0.");
        getChildren().addAll(new Sparkline(model.cpuHistory(), "cpu"), cpu, new Sparkline(model.memoryHistory(), "memory"),
                memory, process, gpu);
    }

    private static Label label(javafx.beans.value.ObservableValue<String> text, String help) {
        var label = new Label();
        label.textProperty().bind(text);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        label.setTooltip(new Tooltip(help));
        return label;
    }
}
