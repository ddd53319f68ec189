/**
 * A class posing as the Helidon adapter, the target of an adapter-to-adapter dependency.
 *
 * <p>Test code of {@code architecture-tests} only: {@code RulesBiteTest} feeds these classes to the rules to prove
 * each rule reports them; the real rules never import them ({@code ImportOption.DoNotIncludeTests}).
 */
package pideploy.deploy.http.helidon.archfixture;
