/**
 * Classes posing as the SQLite adapter, one of which reaches into another adapter.
 *
 * <p>Test code of {@code architecture-tests} only: {@code RulesBiteTest} feeds these classes to the rules to prove
 * each rule reports them; the real rules never import them ({@code ImportOption.DoNotIncludeTests}).
 */
package pideploy.deploy.persistence.sqlite.archfixture;
