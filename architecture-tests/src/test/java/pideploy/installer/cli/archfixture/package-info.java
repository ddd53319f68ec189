/**
 * A class posing as the installer's composition root, the target of a core-to-root dependency.
 *
 * <p>Test code of {@code architecture-tests} only: {@code RulesBiteTest} feeds these classes to the rules to prove
 * each rule reports them; the real rules never import them ({@code ImportOption.DoNotIncludeTests}).
 */
package pideploy.installer.cli.archfixture;
