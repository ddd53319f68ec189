package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.port.ProductRepository;
import pideploy.deploy.core.product.HostnameStrategy;
import pideploy.deploy.core.product.Product;
import pideploy.deploy.core.product.ProductCode;

/** Persistence adapter: products in table {@code product}. */
final class SqliteProductRepository implements ProductRepository {
    private final Connection c;

    SqliteProductRepository(Connection c) {
        this.c = c;
    }

    @Override
    public void add(Product p) {
        Sql.update(
                c,
                "INSERT INTO product (code, strategy, created_at) VALUES (?, ?, ?)",
                p.code().value(),
                p.strategy().wireName(),
                p.createdAt());
    }

    @Override
    public Optional<Product> find(ProductCode code) {
        return Sql.one(c, "SELECT * FROM product WHERE code = ?", SqliteProductRepository::map, code.value());
    }

    @Override
    public List<Product> list() {
        return Sql.list(c, "SELECT * FROM product ORDER BY code", SqliteProductRepository::map);
    }

    private static Product map(ResultSet rs) throws SQLException {
        return new Product(
                ProductCode.of(rs.getString("code")),
                HostnameStrategy.parse(rs.getString("strategy")),
                Sql.instant(rs, "created_at"));
    }
}
