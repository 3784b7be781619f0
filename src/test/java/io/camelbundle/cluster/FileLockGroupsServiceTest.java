package io.camelbundle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-lock cluster service's groups hear about leadership each on their own thread. */
class FileLockGroupsServiceTest {

    @TempDir
    Path root;

    private DefaultCamelContext context;
    private FileLockGroupsService service;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        service = new FileLockGroupsService();
        service.setRoot(root.toString());
        service.setAcquireLockDelay(10, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(200, TimeUnit.MILLISECONDS);
        context.addService(service);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    /**
     * As camel-master 4.14 does when it takes the lead, group a's route holds the thread that tells it: group b
     * must hear that it leads all the same (with Camel's own service both were told on one thread).
     */
    @Test
    void aRouteHoldingItsLeadershipEventDelaysNoOtherGroup() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch aHeld = new CountDownLatch(1);
        List<String> bHeard = new CopyOnWriteArrayList<>();
        try {
            CamelClusterView a = service.getView("a");
            a.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
                if (view.getLocalMember().isLeader()) {
                    aHeld.countDown();
                    awaitQuietly(release);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> aHeld.getCount() == 0);

            CamelClusterView b = service.getView("b");
            b.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
                bHeard.add(view.getLocalMember().isLeader() ? "leads" : "follows");
                assertThat(view).as("the routes get the view they asked for").isSameAs(b);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> bHeard.contains("leads"));
            assertThat(aHeld.getCount()).isZero();
            assertThat(release.getCount()).as("a's route still holds its event").isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    /**
     * camel-master 4.14 holds the thread that tells it the lead for 5 s, and its route's stop waits for that:
     * when the context begins to stop, the thread is interrupted, so the stop does not wait it out.
     */
    @Test
    void aStoppingContextInterruptsARouteStillHoldingItsLeadershipEvent() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CamelClusterView group = service.getView("held");
        group.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
            if (view.getLocalMember().isLeader()) {
                held.countDown();
                try {
                    new CountDownLatch(1).await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> held.getCount() == 0);
        assertThat(interrupted.getCount()).as("still held before the stop").isEqualTo(1);

        context.stop();
        // the stop interrupts the thread and goes on; the thread then leaves its wait (well before its 60 s)
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("interrupted by the stop").isTrue();
    }

    @Test
    void aReleasedGroupCanBeTakenAgain() throws Exception {
        CamelClusterView first = service.getView("again");
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getLocalMember().isLeader());
        service.releaseView(first);

        CamelClusterView second = service.getView("again");
        List<Boolean> heard = new CopyOnWriteArrayList<>();
        second.addEventListener(
                (CamelClusterEventListener.Leadership) (view, leader) -> heard.add(view.getLocalMember().isLeader()));
        await().atMost(Duration.ofSeconds(30)).until(() -> heard.contains(true));
        assertThat(second.getClusterService()).isSameAs(service);
        assertThat(second.getNamespace()).isEqualTo("again");
        service.releaseView(second);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
