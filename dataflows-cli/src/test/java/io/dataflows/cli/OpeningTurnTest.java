package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpeningTurnTest {

    @TempDir
    Path dir;

    private static long in(long seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Long enough for a second opener that does not wait for its turn to run first. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSecondOpenerWaitsUntilTheFirstHasOpened() throws Exception {
        OpeningTurn turn = new OpeningTurn(dir.resolve("db"));
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch secondWaiting = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                turn.take(in(10), () -> {
                    events.add("first starts");
                    firstInside.countDown();
                    await(secondWaiting);
                    pause();
                    events.add("first ends");
                    return null;
                });
            } catch (Exception e) {
                events.add("first failed: " + e);
            }
        });
        first.start();
        firstInside.await(10, TimeUnit.SECONDS);
        Thread second = new Thread(() -> {
            try {
                secondWaiting.countDown();
                turn.take(in(10), () -> events.add("second runs"));
            } catch (Exception e) {
                events.add("second failed: " + e);
            }
        });
        second.start();
        first.join();
        second.join();

        assertThat(events).containsExactly("first starts", "first ends", "second runs");
        assertThat(turn.file()).isEqualTo(dir.resolve("db.opening"));
    }

    @Test
    void anOpenerRunsWithoutATurnWhenTheDeadlinePasses() throws Exception {
        OpeningTurn turn = new OpeningTurn(dir.resolve("db"));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                turn.take(in(10), () -> {
                    holding.countDown();
                    return await(release);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        holding.await(10, TimeUnit.SECONDS);

        String result = turn.take(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), () -> "opened anyway");
        release.countDown();
        holder.join();

        assertThat(result).isEqualTo("opened anyway");
    }

    @Test
    void anOpenerRunsWithoutATurnWhereTheTurnFileCannotBeMade() throws Exception {
        OpeningTurn turn = new OpeningTurn(dir.resolve("missing").resolve("db"));

        assertThat(turn.take(in(10), () -> "opened")).isEqualTo("opened");
        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
