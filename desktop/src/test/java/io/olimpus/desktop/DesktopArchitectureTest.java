package io.olimpus.desktop;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The desktop's layer rule of docs/architecture.md: view models hold the state and the decisions
 * and are tested without a JavaFX toolkit; windows only bind to them and show.
 */
class DesktopArchitectureTest {

    @Test
    void viewModelsNeedNoJavaFxToolkit() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.olimpus.desktop");
        // Observable properties and collections (javafx.beans, javafx.collections) work without a
        // started toolkit, which is what the windows bind to; scenes, stages and the FX thread do not.
        noClasses().that().resideInAPackage("io.olimpus.desktop.vm..")
                .should().dependOnClassesThat(resideInAPackage("javafx..").and(not(resideInAnyPackage("javafx.beans..", "javafx.collections.."))))
                .because("a view model is tested without a JavaFX toolkit")
                .check(classes);
    }
}
