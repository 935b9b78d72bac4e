package org.mfaportal.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * The dependency rule of docs/architecture.md, over the compiled classes of the portal's src/main: no package
 * depends on a package that depends back on it, web (the ground floor) depends on no feature, only aws talks to the
 * AWS SDK, and only the dev-and-test launcher touches the emulator module.
 */
class PackageDependenciesTest {

    static final JavaClasses PORTAL = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void theClassesOfEveryPackageAreThere() {
        for (String feature : new String[] { "admin", "audit", "aws", "cli", "credentials", "credentials.keys",
                "credentials.snippets", "embedded", "identity", "lockout", "mfa", "ratelimit", "startup", "web" }) {
            assertThat(PORTAL.containPackage("org.mfaportal." + feature)).as(feature).isTrue();
        }
    }

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("org.mfaportal.(**)").should().beFreeOfCycles().check(PORTAL);
    }

    @Test
    void webDependsOnNoFeature() {
        noClasses().that().resideInAPackage("org.mfaportal.web")
                .should().dependOnClassesThat(resideInAPackage("org.mfaportal..")
                        .and(not(resideInAPackage("org.mfaportal.web"))))
                .check(PORTAL);
    }

    @Test
    void onlyAwsTalksToTheAwsSdk() {
        noClasses().that().resideOutsideOfPackage("org.mfaportal.aws")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .check(PORTAL);
    }

    @Test
    void onlyTheDevAndTestLauncherTouchesTheEmulator() {
        noClasses().that().resideOutsideOfPackage("org.mfaportal.embedded")
                .should().dependOnClassesThat().resideInAPackage("org.mfaportal.emulator..")
                .check(PORTAL);
    }
}
