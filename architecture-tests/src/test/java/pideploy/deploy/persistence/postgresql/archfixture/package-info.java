/**
 * Classes posing as the PostgreSQL adapter, one of which reaches into the SQLite adapter.
 *
 * <p>Test code of {@code architecture-tests} only: {@code RulesBiteTest} feeds these classes to the rules to prove
 * each rule reports them; the real rules never import them ({@code ImportOption.DoNotIncludeTests}).
 */
package pideploy.deploy.persistence.postgresql.archfixture;
