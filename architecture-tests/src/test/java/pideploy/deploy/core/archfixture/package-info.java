/**
 * Deliberately rule-breaking (and some rule-abiding) classes posing as {@code deploy-core}.
 *
 * <p>Test code of {@code architecture-tests} only: {@code RulesBiteTest} feeds these classes to the rules to prove
 * each rule reports them; the real rules never import them ({@code ImportOption.DoNotIncludeTests}).
 */
package pideploy.deploy.core.archfixture;
