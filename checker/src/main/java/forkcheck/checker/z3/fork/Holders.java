package forkcheck.checker.z3.fork;

import com.microsoft.z3.BoolExpr;
import forkcheck.spec.fork.ForkLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Who holds a task in its frame: the task {@code q} whose fork (copy_process's {@code p}) or
 * release (wait's child) names it, in a system call. A release comes first, since do_fork keeps
 * its {@code p} until it returns, when the child may already be reaped; between two of a kind, the
 * first slot. A child in copy_process, or a task being released, is counted by what its holder's
 * label says.
 */
final class Holders {
    private final ForkVars z;
    /** claims[q][p]: q's frame names p and q is in a system call. */
    private final BoolExpr[][] claims;
    /** first[q][p]: q is p's holder. */
    private final BoolExpr[][] first;

    Holders(ForkVars z) {
        this.z = z;
        claims = new BoolExpr[z.slots][z.slots];
        first = new BoolExpr[z.slots][z.slots];
        for (int p = 0; p < z.slots; p++) {
            BoolExpr[] releases = new BoolExpr[z.slots];
            for (int q = 0; q < z.slots; q++) {
                claims[q][p] = z.and(z.used(q), z.eq(z.task(q, "frame.p"), p), z.not(z.pcIs(q, ForkLabel.IDLE)));
                releases[q] = z.and(claims[q][p], PcRange.RELEASE.at(z, q));
            }
            BoolExpr noRelease = z.not(z.or(releases));
            BoolExpr noReleaseBefore = z.ctx.mkTrue();
            BoolExpr noClaimBefore = z.ctx.mkTrue();
            for (int q = 0; q < z.slots; q++) {
                first[q][p] = z.or(z.and(noReleaseBefore, releases[q]), z.and(noRelease, noClaimBefore, claims[q][p]));
                noReleaseBefore = z.and(noReleaseBefore, z.not(releases[q]));
                noClaimBefore = z.and(noClaimBefore, z.not(claims[q][p]));
            }
        }
    }

    /** Nobody holds {@code p}. */
    BoolExpr none(int p) {
        List<BoolExpr> any = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            any.add(claims[q][p]);
        }
        return z.not(z.or(any));
    }

    /** {@code q} is {@code p}'s holder. */
    BoolExpr is(int q, int p) {
        return first[q][p];
    }

    /** {@code p}'s holder is in {@code r}. */
    BoolExpr in(int p, PcRange r) {
        List<BoolExpr> any = new ArrayList<>();
        for (int q = 0; q < z.slots; q++) {
            any.add(z.and(first[q][p], r.at(z, q)));
        }
        return z.or(any);
    }
}
