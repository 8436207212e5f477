package io.parley.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The services meet only in the shared kernel and the event stream; nothing reaches into another's insides. */
class ModuleBoundariesTest {

    private static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parley");

    @Test
    void querySideNeverUsesTheCommandSide() {
        noClasses().that().resideInAPackage("io.parley.query..")
                .should().dependOnClassesThat().resideInAPackage("io.parley.command..")
                .check(PARLEY);
    }

    @Test
    void commandSideNeverUsesTheQuerySide() {
        noClasses().that().resideInAPackage("io.parley.command..")
                .should().dependOnClassesThat().resideInAPackage("io.parley.query..")
                .check(PARLEY);
    }

    @Test
    void realtimePushUsesOnlyTheKernel() {
        noClasses().that().resideInAPackage("io.parley.push..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.command..", "io.parley.query..")
                .check(PARLEY);
    }

    @Test
    void theKernelDependsOnNoService() {
        noClasses().that().resideInAPackage("io.parley.kernel..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.parley.command..", "io.parley.query..", "io.parley.push..", "io.parley.standalone..")
                .check(PARLEY);
    }
}
