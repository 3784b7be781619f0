package io.camelbundle.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterView;

/**
 * Camel's {@link FileLockClusterService} whose views tell their routes about leadership each on a thread of
 * their own ({@link GroupEventsView}), so that the singleton groups start together.
 * <p>
 * Camel 4.14's service checks every group's lock file on one thread and calls the routes' leadership
 * listeners on it, and camel-master 4.14 holds the calling thread for 5 s when it takes the lead
 * ({@code MasterConsumer.onLeadershipTaken} waits out a 5 s task budget its start task never reports done;
 * camel-master reworked that start after 4.14: CAMEL-24583, CAMEL-24626). With four singleton routes the
 * last group, whichever it is, started about 15 s after the first: the token refresher of a fresh instance
 * among them.
 * <p>
 * The same hold made a stop soon after the start wait: the route's stop waits for the lock camel-master keeps
 * while it takes the lead, so a context stopped within 5 s of taking the lead (a quick restart, a rolling
 * update) spent those 5 s doing nothing. When the context begins to stop, each group's event thread is
 * interrupted, which ends camel-master's wait (its consumer has started by then, or never will).
 */
public class FileLockGroupsService extends FileLockClusterService {

    private final Map<String, GroupEventsView> views = new ConcurrentHashMap<>();

    @Override
    public CamelClusterView getView(String namespace) throws Exception {
        CamelClusterView lockView = super.getView(namespace);
        return views.compute(namespace, (ns, known) -> {
            if (known != null && known.lockView() == lockView) {
                return known;
            }
            if (known != null) {
                known.retire(); // its lock view was released and dropped: a new one was made
            }
            return new GroupEventsView(this, lockView);
        });
    }

    /**
     * The group's listener is registered on the lock view before it starts. Registered later (as before), it
     * could deadlock with the view's first lock attempt: Camel 4.14's FileLockClusterView fires the event while
     * holding its member's lock and waits for the view's listener lock, while addEventListener holds that lock
     * and asks the member whether it leads. Seen once in FileLockGroupsServiceTest: the groups never started.
     */
    @Override
    protected FileLockClusterView createView(String namespace) throws Exception {
        FileLockClusterView lockView = super.createView(namespace);
        lockView.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
            GroupEventsView events = views.get(namespace);
            if (events != null && events.lockView() == lockView) {
                events.lockViewChanged();
            }
        });
        return lockView;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        BeforeRoutesStop.register(getCamelContext(), () -> views.values().forEach(GroupEventsView::interruptEvents));
    }

    @Override
    public void releaseView(CamelClusterView view) throws Exception {
        super.releaseView(view instanceof GroupEventsView events ? events.lockView() : view);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        views.values().forEach(GroupEventsView::retire);
        views.clear();
    }
}
