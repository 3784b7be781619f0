package io.camelbundle.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.jboss.logging.Logger;

/**
 * The routes' leadership listeners of one singleton group's view ({@link LeaseClusterView},
 * {@link GroupEventsView}): kept in a copy-on-write list and called without a lock, on the view's event thread,
 * so a route that holds its event (camel-master taking the lead) never blocks the view. Only leadership
 * listeners are kept: the views track no members.
 */
final class LeadershipListeners {

    private static final Logger LOG = Logger.getLogger(LeadershipListeners.class);

    private final CamelClusterView view;
    private final List<CamelClusterEventListener.Leadership> listeners = new CopyOnWriteArrayList<>();

    LeadershipListeners(CamelClusterView view) {
        this.view = view;
    }

    /**
     * Registers a leadership listener and returns what tells it who leads now, as Camel's own views do, for the
     * view's event thread; null for any other listener, which is not kept.
     */
    Runnable add(CamelClusterEventListener listener) {
        if (!(listener instanceof CamelClusterEventListener.Leadership leadership)) {
            return null;
        }
        listeners.add(leadership);
        return () -> {
            if (listeners.contains(leadership)) {
                tell(leadership, view.getLeader());
            }
        };
    }

    void remove(CamelClusterEventListener listener) {
        listeners.remove(listener);
    }

    /** On the view's event thread: tells every listener who leads. */
    void tellAll(Optional<CamelClusterMember> leader) {
        listeners.forEach(listener -> tell(listener, leader));
    }

    private void tell(CamelClusterEventListener.Leadership listener, Optional<CamelClusterMember> leader) {
        try {
            listener.leadershipChanged(view, leader.orElse(null));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Singleton group %s: a leadership listener failed", view.getNamespace());
        }
    }
}
