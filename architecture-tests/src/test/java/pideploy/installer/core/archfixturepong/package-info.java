/**
 * The other half of a deliberate cycle between two feature packages of {@code installer-core}.
 *
 * <p>Test code of {@code architecture-tests} only: {@code RulesBiteTest} feeds these classes to the rules to prove
 * each rule reports them; the real rules never import them ({@code ImportOption.DoNotIncludeTests}).
 */
package pideploy.installer.core.archfixturepong;
