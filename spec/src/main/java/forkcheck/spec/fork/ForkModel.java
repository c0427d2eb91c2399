package forkcheck.spec.fork;

import forkcheck.spec.Label;
import forkcheck.spec.Model;
import forkcheck.spec.Mutation;
import forkcheck.spec.Spec;
import forkcheck.spec.pid.PidLabel;
import java.util.ArrayList;
import java.util.List;

/** The fork path as a model: its scenario format, labels and mutants. */
public final class ForkModel implements Model {
    public static final ForkModel INSTANCE = new ForkModel();

    private ForkModel() {}

    @Override
    public String name() {
        return "fork";
    }

    @Override
    public String version() {
        return ForkSpec.VERSION;
    }

    @Override
    public Spec build(String source, String text, String mutant) {
        return new ForkSpec(ForkScenarioParser.parse(source, text), ForkMutant.byId(mutant));
    }

    /** Every step a CPU can take: the fork path's labels, the pid allocator's, and schedule(). */
    @Override
    public List<Label> labels() {
        List<Label> labels = new ArrayList<>();
        for (ForkLabel l : ForkLabel.values()) {
            if (l != ForkLabel.IDLE) {
                labels.add(new Label(l.function(), l.name(), l.line(), "", l.code()));
            }
        }
        for (PidLabel l : PidLabel.values()) {
            if (!l.function().isEmpty() && !l.line().equals("mutant")) {
                labels.add(new Label(l.function(), l.name(), l.line(), l.reads(), l.code()));
            }
        }
        labels.add(new Label("schedule", "SCHEDULE", "sched.c schedule", "", "schedule(): the next task on the runqueue"));
        return List.copyOf(labels);
    }

    @Override
    public List<Mutation> mutants() {
        return ForkMutant.seeded().stream().map(ForkMutant::mutation).toList();
    }

    /**
     * {@code task3.pid} is {@code task.pid}, {@code rq1.curr} is {@code rq.curr}, {@code root_user.processes}
     * is {@code user.processes}, {@code tasklist_lock.reader1} is {@code tasklist_lock.reader}.
     */
    @Override
    public String genericName(String variable) {
        return variable.replaceAll("^(task|rq|signal|sighand|mm|fs|files|sem_undo_list|namespace|user|cpu)\\d+\\.", "$1.")
                .replaceAll("^root_user\\.", "user.").replaceAll("^tasklist_lock\\.reader\\d+$", "tasklist_lock.reader")
                .replaceAll("\\[\\d+\\]", "[]");
    }
}
