package io.camelbundle.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;

/**
 * A singleton group's view as its routes see it: the group's lock view ({@link FileLockGroupsService}) for
 * who leads, and a thread of its own on which the routes' listeners hear about it, in order. The lock view
 * only hands an event over, so it is never held by a route taking the lead, and never calls a route under
 * its own lock (the deadlock {@link LeaseClusterView} describes).
 */
final class GroupEventsView implements CamelClusterView {

    private final CamelClusterService service;
    private final CamelClusterView lockView;
    private final ExecutorService events;
    private final LeadershipListeners listeners = new LeadershipListeners(this);

    GroupEventsView(CamelClusterService service, CamelClusterView lockView) {
        this.service = service;
        this.lockView = lockView;
        this.events = service.getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this,
                "Leadership-" + lockView.getNamespace());
    }

    /**
     * The lock view's leadership changed: the routes hear it on this view's thread. Called by the listener
     * {@link FileLockGroupsService} registers before the lock view starts.
     */
    void lockViewChanged() {
        onEvents(() -> listeners.tellAll(getLeader()));
    }

    CamelClusterView lockView() {
        return lockView;
    }

    @Override
    public void addEventListener(CamelClusterEventListener listener) {
        Runnable tellLeader = listeners.add(listener);
        if (tellLeader != null) {
            onEvents(tellLeader);
        }
    }

    @Override
    public void removeEventListener(CamelClusterEventListener listener) {
        listeners.remove(listener);
    }

    private void onEvents(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: the service has stopped, nobody is left to tell
        }
    }

    /** Ends the event thread, once the service has stopped or the lock view was dropped. */
    void retire() {
        service.getCamelContext().getExecutorServiceManager().shutdown(events);
    }

    /**
     * Ends the event thread at once, interrupting a listener it is calling: the context is stopping, and
     * camel-master's take-over wait would otherwise hold the route's stop (see {@link FileLockGroupsService}).
     */
    void interruptEvents() {
        service.getCamelContext().getExecutorServiceManager().shutdownNow(events);
    }

    @Override
    public CamelClusterService getClusterService() {
        return service;
    }

    @Override
    public String getNamespace() {
        return lockView.getNamespace();
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return lockView.getLeader();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return lockView.getLocalMember();
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return lockView.getMembers();
    }

    @Override
    public CamelContext getCamelContext() {
        return lockView.getCamelContext();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        lockView.setCamelContext(camelContext);
    }

    /** The lock view is started and stopped by its service, as Camel's services do with their views. */
    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
