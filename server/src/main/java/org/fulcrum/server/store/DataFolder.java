package org.fulcrum.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder holds secrets (the database with password hashes, TOTP secrets and log commitment
 * secrets; the signing keys), so it is owner-only: folders 0700, files 0600, from the moment they
 * exist. Permissions are given at creation and then set explicitly, so that the process umask
 * cannot widen them. Secret files are written whole or not at all: to a temporary owner-only file,
 * synced, renamed atomically into place, and the folder synced so the rename survives a crash.
 * On file systems without POSIX permissions the folder's own protection applies.
 */
public final class DataFolder {
    public static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private DataFolder() {}

    /** Creates {@code dir} and any missing parents inside it owner-only; an existing folder is left as it is. */
    public static Path ensure(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.exists(parent)) {
                ensure(parent);
            }
            try {
                Files.createDirectory(dir, attribute(OWNER_DIR));
            } catch (FileAlreadyExistsException raced) {
                return dir;
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectory(dir);
            }
            restrict(dir, OWNER_DIR);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir, e);
        }
    }

    /** Creates {@code file} empty and owner-only if it does not exist, so that whoever opens it later inherits that. */
    public static void ownerOnly(Path file) {
        try {
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, attribute(OWNER_FILE));
                } catch (FileAlreadyExistsException raced) {
                    // created meanwhile by another opener; restricted below
                } catch (UnsupportedOperationException notPosix) {
                    return;
                }
            }
            restrict(file, OWNER_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Writes a secret file atomically and durably, owner-only from its first byte. */
    public static void writeSecret(Path file, String content) {
        Path dir = file.toAbsolutePath().getParent();
        ensure(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel out = open(tmp)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            restrict(tmp, OWNER_FILE);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static FileChannel open(Path tmp) throws IOException {
        try {
            return FileChannel.open(
                    tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attribute(OWNER_FILE));
        } catch (UnsupportedOperationException notPosix) {
            return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Makes a rename in {@code dir} durable (a no-op where folders cannot be opened, as on Windows). */
    private static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Folders cannot be opened for syncing on some platforms; the rename itself was atomic
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // on file systems without POSIX permissions the folder's protection applies
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
