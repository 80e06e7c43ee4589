package org.fulcrum.server.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Reads a configured secret key file, refusing one that others than its owner may read or change. */
public final class SecretFile {
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private SecretFile() {}

    /** The file's text, trimmed; {@code setting} names the configuration key for the messages. */
    public static String read(Path file, String setting) {
        if (!Files.isRegularFile(file)) {
            throw new StartRefused(setting + ": the key file " + file + " does not exist or is not a file");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(NOT_OWNER::contains)) {
                throw new StartRefused(setting + ": the key file " + file + " is accessible to group or others ("
                        + PosixFilePermissions.toString(perms) + "); make it owner-only, e.g. chmod 600 " + file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions on this file system: its own access control applies
        } catch (IOException e) {
            throw new StartRefused(setting + ": cannot read the permissions of " + file + ": " + e.getMessage());
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new StartRefused(setting + ": cannot read the key file " + file + ": " + e.getMessage());
        }
    }
}
