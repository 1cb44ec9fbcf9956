package dev.sluice.app;

import dev.sluice.database.Database;
import dev.sluice.database.EmbeddedPostgres;
import dev.sluice.database.SchemaMigration;
import dev.sluice.config.ServeConfig;
import dev.sluice.health.HealthRoutes;
import dev.sluice.http.HttpService;
import dev.sluice.http.Router;
import dev.sluice.lifecycle.Service;
import dev.sluice.lifecycle.ServiceGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of one process for its role with plain constructors (a
 * missing dependency is a compile error, not a crash loop at run time) and owns their lifecycle as
 * one {@link ServiceGroup}. Start order: database, schema, engine, HTTP; stop is the reverse, so a
 * stopping process first stops accepting requests, then drains its workers, then closes the pool and
 * stops the embedded database.
 */
public final class Sluice implements Service {
    private static final Logger log = LoggerFactory.getLogger(Sluice.class);

    private final ServeConfig config;
    private final EmbeddedPostgres embedded;
    private final Database database;
    private final Router router;
    private final HttpService http;
    private final ServiceGroup services;

    private Sluice(ServeConfig config) {
        this.config = config;
        this.embedded = config.embeddedDatabase() ? new EmbeddedPostgres(config.dataDir(), true) : null;
        this.database = embedded != null
                ? new Database(() -> new Database.Settings(embedded.jdbcUrl(), embedded.user(), embedded.password(),
                        config.dbPoolSize()))
                : new Database(new Database.Settings(config.dbUrl(), config.dbUser(), config.dbPassword(),
                        config.dbPoolSize()));
        SchemaMigration schema = new SchemaMigration(database);
        this.router = new Router();
        this.http = new HttpService(config.bind(), config.port(), router, Duration.ofSeconds(2));

        new HealthRoutes(database, schema).register(router);

        List<Service> parts = new ArrayList<>();
        if (embedded != null) {
            parts.add(embedded);
        }
        parts.add(database);
        parts.add(schema);
        parts.add(http);
        this.services = new ServiceGroup("sluice", parts);
    }

    /** Builds a process for the configuration; nothing runs until {@link #start()}. */
    public static Sluice create(ServeConfig config) {
        return new Sluice(config);
    }

    @Override
    public String name() {
        return "sluice";
    }

    @Override
    public synchronized void start() {
        long begin = System.nanoTime();
        http.bind();
        try {
            services.start();
        } catch (RuntimeException e) {
            http.stop();
            throw e;
        }
        router.ready(true);
        log.info("Sluice {} ready in {} ms · role {} · {} · {}", Version.current(),
                (System.nanoTime() - begin) / 1_000_000, config.role(), describeDatabase(), url());
    }

    @Override
    public synchronized void stop() {
        router.ready(false);
        services.stop();
    }

    /** The address to open in a browser. */
    public String url() {
        String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1" : config.bind();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.port() + "/";
    }

    public int port() {
        return http.port();
    }

    public Database database() {
        return database;
    }

    public ServeConfig config() {
        return config;
    }

    private String describeDatabase() {
        if (embedded != null) {
            return "embedded PostgreSQL " + embedded.version() + ", data in " + config.dataDir().toAbsolutePath().normalize();
        }
        return "PostgreSQL at " + database.settings().redactedUrl();
    }
}
