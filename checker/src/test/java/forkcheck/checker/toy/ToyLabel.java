package forkcheck.checker.toy;

import forkcheck.spec.Label;

/** Where a CPU of the toy is in {@code inc()}: the step it takes next, or DONE. */
enum ToyLabel {
    LOCK("toy.c:3", "counter_lock", "spin_lock(&counter_lock);"),
    LOAD("toy.c:4", "counter", "tmp = counter;"),
    STORE("toy.c:5", "", "counter = tmp + 1;"),
    UNLOCK("toy.c:6", "counter_lock", "spin_unlock(&counter_lock);"),
    DONE("", "", "");

    static final String FUNCTION = "inc";

    final String line;
    final String reads;
    final String code;

    ToyLabel(String line, String reads, String code) {
        this.line = line;
        this.reads = reads;
        this.code = code;
    }

    Label label() {
        return new Label(FUNCTION, name(), line, reads, code);
    }
}
