package forkcheck.checker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a whole file or nothing: through a temporary file in the same directory, moved into
 * place, so that a failure leaves no file (or the previous one) and a reader never sees half of
 * one. Traces, pages and reports are written this way.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file is private to its owner (0600); traces and reports are meant to be shared. */
    private static void readableByAll(Path f) throws IOException {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its default permissions stand.
        }
    }
}
