package forkcheck.spec.pid;

import java.util.List;

/**
 * Which ghost variables the selected properties read. A ghost no property reads is never
 * written, so it cannot tell two otherwise equal states apart and multiply the state space.
 *
 * @param free the pids that stayed free since an alloc began ({@code alloc-fails-only-when-full})
 * @param pageFault whether get_zeroed_page failed in this call ({@code alloc-fails-only-when-full})
 * @param raced whether this CPU lost a page-install race ({@code page-install-race})
 * @param wrapped whether this call's search wrapped ({@code pid-in-range}, {@code alloc-wraps})
 * @param lastAfterReturn keep the local {@code last} after the call returns ({@code same-last-pid-read})
 */
public record Ghosts(boolean free, boolean pageFault, boolean raced, boolean wrapped, boolean lastAfterReturn) {
    static Ghosts forProperties(List<String> names) {
        boolean full = names.contains(PidProperties.FAILS_ONLY_WHEN_FULL);
        return new Ghosts(full, full, names.contains(PidProperties.PAGE_INSTALL_RACE),
                names.contains(PidProperties.PID_IN_RANGE) || names.contains(PidProperties.ALLOC_WRAPS),
                names.contains(PidProperties.SAME_LAST_PID_READ));
    }
}
