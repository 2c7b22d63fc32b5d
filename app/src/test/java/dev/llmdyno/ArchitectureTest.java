package dev.llmdyno;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine runs the same under the CLI, the tests and the desktop: JavaFX stays inside the ui package. */
@AnalyzeClasses(packages = "dev.llmdyno", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noJavaFxOutsideUi = noClasses()
            .that().resideOutsideOfPackage("dev.llmdyno.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
            .because("the engine must run without a toolkit (DESIGN.md rule 1)");

    @ArchTest
    static final ArchRule engineDoesNotReachIntoUiOrCli = noClasses()
            .that().resideInAnyPackage("dev.llmdyno.profile..", "dev.llmdyno.catalog..", "dev.llmdyno.tokens..",
                    "dev.llmdyno.call..", "dev.llmdyno.sim..", "dev.llmdyno.experiment..", "dev.llmdyno.stats..",
                    "dev.llmdyno.store..", "dev.llmdyno.telemetry..", "dev.llmdyno.export..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.llmdyno.ui..", "dev.llmdyno.cli..");
}
