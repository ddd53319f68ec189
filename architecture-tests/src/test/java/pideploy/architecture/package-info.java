/**
 * The architecture rules of PiDeploy (ADR-0001), as ArchUnit tests over the compiled classes of every module.
 *
 * <p>Each rule is one named {@code @ArchTest} field in a {@code *RulesTest} class, so a failure names the rule and
 * the class that broke it. Package names come only from {@link pideploy.architecture.Packages}, which
 * {@link pideploy.architecture.PackagesTest} checks against the real classes, so a renamed module cannot turn a rule
 * into one that checks nothing. {@link pideploy.architecture.RulesBiteTest} proves that every rule reports a
 * deliberately broken class: the fixtures in the {@code ..archfixture..} test packages.
 */
package pideploy.architecture;
