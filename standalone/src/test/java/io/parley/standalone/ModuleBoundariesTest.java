package io.parley.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The services meet only in the shared kernel, the shared service support and the event stream; nothing reaches
 * into another's insides, and the kernel (the language they speak) carries no infrastructure.
 */
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
                .orShould().dependOnClassesThat().resideInAPackage("io.parley.support..")
                .check(PARLEY);
    }

    /** A consumer of Parley's messages pulls in nothing heavier than Axon's modelling and Jackson's annotations. */
    @Test
    void theKernelDependsOnNoInfrastructure() {
        noClasses().that().resideInAPackage("io.parley.kernel..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..",
                        "jakarta.servlet..", "com.fasterxml.jackson.databind..", "io.jsonwebtoken..")
                .check(PARLEY);
    }

    @Test
    void theKernelUsesOnlyJavaAndAnnotations() {
        classes().that().resideInAPackage("io.parley.kernel..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.parley.kernel..", "org.axonframework.modelling.command..",
                        "com.fasterxml.jackson.annotation..")
                .check(PARLEY);
    }

    @Test
    void theServiceSupportDependsOnNoService() {
        noClasses().that().resideInAPackage("io.parley.support..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.parley.command..", "io.parley.query..", "io.parley.push..", "io.parley.standalone..")
                .check(PARLEY);
    }
}
