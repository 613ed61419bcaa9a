import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's disk alone, for bench/webhooks.sh: what a commit's WAL flush costs here, with
 * nothing of PostgreSQL or the service involved. One thread appends 8 KB and calls fdatasync in
 * a loop (a WAL writer's pattern, in a preallocated file as PostgreSQL's recycled WAL segments
 * are); optionally a second thread writes another file through the page cache without syncing,
 * at a steady rate (the data-file pages a database dirties: PostgreSQL 15 writes a zeroed page
 * for every page it adds to a table, and evicted buffers, and leaves them to the kernel).
 * The kernel writes such pages back in bursts, once they are dirty_expire_centisecs old or above
 * dirty_background_*; a flush that lands in such a burst waits behind it.
 *
 *   java DiskProbe <directory> <seconds> <background MB/s, 0 for none>
 *
 * Prints one line: flushes, flushes/s, p50/p99/max in ms, how many took over 50 ms, and the
 * seconds (from the start) at which any took over 50 ms.
 */
public class DiskProbe {

    private static final int PAGE = 8192;
    private static final long RING = 64L << 20;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        double backgroundMbPerSecond = Double.parseDouble(args[2]);
        Path wal = dir.resolve("probe-wal.dat");
        Path data = dir.resolve("probe-data.dat");
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        Thread background = null;
        if (backgroundMbPerSecond > 0) {
            background = new Thread(() -> writeThroughPageCache(data, backgroundMbPerSecond, start, end), "probe-background");
            background.start();
        }
        long[] latencies = new long[1 << 16];
        int n = 0;
        List<String> stalls = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            preallocate(ch);
            ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
            byte[] random = new byte[PAGE];
            ThreadLocalRandom.current().nextBytes(random);
            page.put(random);
            long offset = 0;
            while (System.nanoTime() < end) {
                page.rewind();
                long t0 = System.nanoTime();
                ch.write(page, offset);
                ch.force(false); // fdatasync
                long took = System.nanoTime() - t0;
                offset = (offset + PAGE) % RING;
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = took;
                if (took > 50_000_000L) {
                    stalls.add(String.format("%.1fs:%.0fms", (t0 - start) / 1e9, took / 1e6));
                }
            }
        } finally {
            if (background != null) {
                background.join();
            }
            Files.deleteIfExists(wal);
            Files.deleteIfExists(data);
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("flushes=%d rate=%.0f/s p50=%.2fms p99=%.2fms max=%.1fms over50ms=%d at=%s%n", n, n / (double) seconds,
                pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0), stalls.size(),
                stalls.isEmpty() ? "-" : String.join(",", stalls.subList(0, Math.min(20, stalls.size()))));
    }

    /** Written and synced once before the probe, as a recycled WAL segment is: flushes then change no file size. */
    private static void preallocate(FileChannel ch) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < RING; at += zeros.capacity()) {
            zeros.rewind();
            ch.write(zeros, at);
        }
        ch.force(true);
    }

    private static void writeThroughPageCache(Path data, double mbPerSecond, long start, long end) {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long written = 0;
            while (System.nanoTime() < end) {
                chunk.rewind();
                ch.write(chunk);
                written++;
                long due = start + (long) (written * 1e9 / mbPerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("background writes: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
