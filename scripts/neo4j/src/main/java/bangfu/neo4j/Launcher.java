package bangfu.neo4j;

import static org.neo4j.configuration.GraphDatabaseSettings.SYSTEM_DATABASE_NAME;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import inet.ipaddr.IPAddressString;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.server.configuration.ServerSettings;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community (embedded API) as a local server on 127.0.0.1 with Bolt and,
 * optionally, HTTP + Neo4j Browser. Started/stopped by neo4j.sh; see README.md.
 *
 * <pre>
 * java bangfu.neo4j.Launcher --data=DIR [--bolt-port=7687] [--http-port=7474 (0 = off)]
 *      [--password-file=FILE] [--pid-file=FILE] [--ready-file=FILE]
 * </pre>
 * The password comes from $NEO4J_PASSWORD, else from the password file. Ports default to
 * $BANGFU_NEO4J_BOLT_PORT / $BANGFU_NEO4J_HTTP_PORT. Logs, import and plugin directories
 * live next to the data directory (its parent is used as NEO4J_HOME).
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --key=value, got: " + a);
            }
            opt.put(a.substring(2, eq), a.substring(eq + 1));
        }
        if (!opt.containsKey("data")) {
            throw new IllegalArgumentException("--data=DIR is required");
        }
        Path data = Path.of(opt.get("data")).toAbsolutePath().normalize();
        Path home = data.getParent();
        int boltPort = Integer.parseInt(opt.getOrDefault("bolt-port", env("BANGFU_NEO4J_BOLT_PORT", "7687")));
        int httpPort = Integer.parseInt(opt.getOrDefault("http-port", env("BANGFU_NEO4J_HTTP_PORT", "7474")));
        Path pidFile = Path.of(opt.getOrDefault("pid-file", home.resolve("neo4j.pid").toString()));
        Path readyFile = Path.of(opt.getOrDefault("ready-file", home.resolve("neo4j.ready").toString()));
        String password = readPassword(Path.of(opt.getOrDefault("password-file", home.resolve("password").toString())));

        Files.deleteIfExists(readyFile);
        writeAtomically(pidFile, ProcessHandle.current().pid() + "\n");
        try {
            run(data, boltPort, httpPort, password, pidFile, readyFile);
        } catch (Throwable t) {
            t.printStackTrace();
            Files.deleteIfExists(readyFile);
            Files.deleteIfExists(pidFile);
            System.exit(1); // also runs the shutdown hook if Neo4j was already up
        }
    }

    private static void run(Path data, int boltPort, int httpPort, String password, Path pidFile, Path readyFile)
            throws Exception {
        Path home = data.getParent();

        Map<Setting<?>, Object> cfg = new HashMap<>();
        cfg.put(GraphDatabaseSettings.data_directory, data);
        cfg.put(GraphDatabaseSettings.logs_directory, mkdirs(home.resolve("logs")));
        // Nothing is ever loaded from the plugins dir: keep it an empty dir we own (no APOC etc.).
        cfg.put(GraphDatabaseSettings.plugin_dir, mkdirs(home.resolve("plugins")));
        // server.default_listen_address: never listen on anything but loopback.
        cfg.put(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST));
        cfg.put(GraphDatabaseSettings.auth_enabled, true);                       // dbms.security.auth_enabled
        // Close file access: no LOAD CSV from file:/// and an empty import root.
        cfg.put(GraphDatabaseSettings.allow_file_urls, false);     // dbms.security.allow_csv_import_from_file_urls
        cfg.put(GraphDatabaseSettings.load_csv_file_url_root, mkdirs(home.resolve("import"))); // server.directories.import
        // ...and no LOAD CSV from http(s) either (no SSRF towards local services): block every address.
        cfg.put(GraphDatabaseInternalSettings.cypher_ip_blocklist,          // internal.dbms.cypher_ip_blocklist
                List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")));
        // Guard rails against runaway queries.
        cfg.put(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60));   // db.transaction.timeout
        long heap = Runtime.getRuntime().maxMemory();  // limits scale with -Xmx so they trigger before an OOM
        cfg.put(GraphDatabaseSettings.memory_transaction_global_max_size, heap / 2); // dbms.memory.transaction.total.max
        cfg.put(GraphDatabaseSettings.memory_transaction_max_size, heap / 4);        // db.memory.transaction.max
        cfg.put(GraphDatabaseSettings.pagecache_memory, 512L * 1024 * 1024);         // server.memory.pagecache.size
        cfg.put(GraphDatabaseSettings.udc_enabled, false);                           // dbms.usage_report.enabled
        cfg.put(HttpsConnector.enabled, false);
        // Bolt waits 2 x 5 s for idle netty pools on shutdown, after the databases are already
        // closed; 1 s each makes `neo4j.sh stop` ~10 s faster.
        cfg.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        cfg.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));

        // First start: the system database would create user neo4j/neo4j. Set our password with
        // all connectors off, so there is no window in which the default password is reachable.
        // A marker in the data dir records that this was done (also covers an interrupted first start).
        Path marker = data.resolve(".bangfu-password-set");
        if (!Files.exists(marker)) {
            Map<Setting<?>, Object> offline = new HashMap<>(cfg);
            offline.put(BoltConnector.enabled, false);
            offline.put(HttpConnector.enabled, false);
            DatabaseManagementService init = new DatabaseManagementServiceBuilder(home).setConfig(offline).build();
            try {
                setPassword(init, password);
            } finally {
                init.shutdown();
            }
            Files.writeString(marker, "");
        }

        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, new SocketAddress(HOST, boltPort));
        cfg.put(BoltConnector.advertised_address, new SocketAddress(HOST, boltPort));
        cfg.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED); // loopback only
        cfg.put(HttpConnector.enabled, httpPort > 0);
        if (httpPort > 0) {
            cfg.put(HttpConnector.listen_address, new SocketAddress(HOST, httpPort));
            cfg.put(HttpConnector.advertised_address, new SocketAddress(HOST, httpPort));
            // dbms.security.http_access_control_allow_origin: '*' by default, which lets any
            // web page the analyst visits call this server; only the server's own origin may.
            cfg.put(ServerSettings.http_access_control_allow_origin, "http://" + HOST + ":" + httpPort);
        }

        Log4jLogProvider userLog = new Log4jLogProvider(System.out, Level.INFO);
        DatabaseManagementService dbms =
                new DatabaseManagementServiceBuilder(home).setConfig(cfg).setUserLogProvider(userLog).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Launcher: shutting down Neo4j");
            try {
                Files.deleteIfExists(readyFile);
                dbms.shutdown();
                Files.deleteIfExists(pidFile);
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                System.out.println("Launcher: stopped");
                userLog.close();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        // Keep the password in sync with $NEO4J_PASSWORD / the password file on every start.
        setPassword(dbms, password);
        String version = dbms.database(SYSTEM_DATABASE_NAME).executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition "
                        + "RETURN name + ' ' + versions[0] + ' ' + edition AS v",
                Map.of(), r -> r.hasNext() ? r.next().get("v").toString() : "unknown");
        String ready = "version=" + version + "\n"
                + "bolt=bolt://" + HOST + ":" + boltPort + "\n"
                // Neo4j Browser's dbms= parameter fills in the user name (never the password)
                + (httpPort > 0 ? "browser=http://" + HOST + ":" + httpPort + "/browser/?dbms=bolt://neo4j@"
                        + HOST + ":" + boltPort + "\n" : "");
        writeAtomically(readyFile, ready);
        System.out.print("Launcher: ready\n" + ready);
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to its current value: that is success here.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String readPassword(Path file) throws IOException {
        String pw = System.getenv("NEO4J_PASSWORD");
        if (pw == null || pw.isEmpty()) {
            pw = Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        if (pw.length() < 8) {
            throw new IllegalArgumentException("the Neo4j password must have at least 8 characters");
        }
        return pw;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    private static Path mkdirs(Path dir) throws IOException {
        return Files.createDirectories(dir);
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
