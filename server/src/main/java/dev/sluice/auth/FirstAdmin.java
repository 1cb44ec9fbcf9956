package dev.sluice.auth;

import dev.sluice.lifecycle.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the very first start (no users at all) creates the admin with a generated password, printed
 * once and saved to {@code <data>/admin-password}, readable only by its owner. There is no default
 * password, ever.
 */
public final class FirstAdmin implements Service {
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    public static final String USERNAME = "admin";

    private final UserStore users;
    private final Path dataDir;

    public FirstAdmin(UserStore users, Path dataDir) {
        this.users = users;
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return "first-admin";
    }

    public Path passwordFile() {
        return dataDir.resolve("admin-password");
    }

    @Override
    public void start() {
        try {
            if (users.count() > 0) {
                return;
            }
            String password = Passwords.randomPassword();
            try {
                users.create(USERNAME, UserRole.ADMIN, password);
            } catch (UserStore.Rejected e) {
                return; // another process created it a moment ago
            }
            Path file = passwordFile();
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            log.warn("created the first admin — username: {}  password: {}  (shown once; also saved in {}, readable only by you)",
                    USERNAME, password, file.toAbsolutePath().normalize());
        } catch (SQLException | IOException e) {
            throw new dev.sluice.SluiceException("could not create the first admin: " + e.getMessage(),
                    "check that the data directory is writable", e);
        }
    }

    @Override
    public void stop() {
        // nothing runs in the background
    }
}
