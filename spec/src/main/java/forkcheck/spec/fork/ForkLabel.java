package forkcheck.spec.fork;

/**
 * Where a task is in the kernel: the step it takes next, named after the seed's numbered comments
 * ({@code COPY_PROCESS_9} is copy_process's {@code // 9}, {@code DUP_TASK_STRUCT_B} dup_task_struct's
 * {@code // b}) or, outside the seed, after the kernel function.
 *
 * <p>A <em>visible</em> step touches shared data, takes or drops a lock, may fail, or may block,
 * and is a step of the search on its own. A local step touches only the task's own frame and the
 * child nobody else can reach yet, and runs in the same search step as the visible step before it.
 */
public enum ForkLabel {
    /** In user space, between system calls. */
    IDLE("", "", false, null, ""),

    DO_FORK_1("do_fork", "fork.c do_fork // 1", true, null, "long pid = alloc_pidmap(); if (pid < 0) return -EAGAIN;"),
    DO_FORK_2("do_fork", "fork.c do_fork // 2", false, null,
            "if (unlikely(current->ptrace)) { trace = fork_traceflag(clone_flags); if (trace) clone_flags |= CLONE_PTRACE; }"),
    COPY_PROCESS_1("copy_process", "fork.c copy_process // 1", false, null,
            "CLONE_NEWNS|CLONE_FS, CLONE_THREAD without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM: return ERR_PTR(-EINVAL);"),
    COPY_PROCESS_2("copy_process", "fork.c copy_process // 2", false, null, "retval = security_task_create(clone_flags);"),
    DUP_TASK_STRUCT_A("dup_task_struct", "fork.c dup_task_struct // a", false, null,
            "prepare_to_copy(orig): unlazy_fpu(tsk) between preempt_disable() and preempt_enable()"),
    DUP_TASK_STRUCT_B("dup_task_struct", "fork.c dup_task_struct // b", true, ForkScenario.FAULT_ALLOC_TASK_STRUCT,
            "tsk = alloc_task_struct(); if (!tsk) return NULL;"),
    DUP_TASK_STRUCT_C("dup_task_struct", "fork.c dup_task_struct // c", true, ForkScenario.FAULT_ALLOC_THREAD_INFO,
            "ti = alloc_thread_info(tsk); if (!ti) { free_task_struct(tsk); return NULL; }"),
    DUP_TASK_STRUCT_D("dup_task_struct", "fork.c dup_task_struct // d e f g", false, null,
            "*ti = *orig->thread_info; *tsk = *orig; tsk->thread_info = ti; ti->task = tsk; atomic_set(&tsk->usage,2); return tsk;"),
    COPY_PROCESS_4("copy_process", "fork.c copy_process // 4", true, null,
            "if (atomic_read(&p->user->processes) >= p->signal->rlim[RLIMIT_NPROC].rlim_cur) ... goto bad_fork_free;"),
    COPY_PROCESS_5("copy_process", "fork.c copy_process // 5", true, null, "atomic_inc(&p->user->__count);"),
    COPY_PROCESS_5_PROCESSES("copy_process", "fork.c copy_process // 5", true, null,
            "atomic_inc(&p->user->processes); get_group_info(p->group_info);"),
    COPY_PROCESS_6("copy_process", "fork.c copy_process // 6", true, null,
            "if (nr_threads >= max_threads) goto bad_fork_cleanup_count;"),
    COPY_PROCESS_7("copy_process", "fork.c copy_process // 7 8 9", false, null,
            "try_module_get(...); p->did_exec = 0; copy_flags(clone_flags, p); p->pid = pid;"),
    COPY_PROCESS_10("copy_process", "fork.c copy_process // 10", true, ForkScenario.FAULT_PUT_USER,
            "if (clone_flags & CLONE_PARENT_SETTID) if (put_user(p->pid, parent_tidptr)) goto bad_fork_cleanup;"),
    COPY_PROCESS_11("copy_process", "fork.c copy_process // 11", false, null,
            "INIT_LIST_HEAD(&p->children); INIT_LIST_HEAD(&p->sibling); p->vfork_done = NULL; init_sigpending(&p->pending);"
                    + " ... p->tgid = p->pid; if (clone_flags & CLONE_THREAD) p->tgid = current->tgid;"),
    COPY_PROCESS_12("copy_process", "fork.c copy_process // 12", false, null,
            "security_task_alloc(p); audit_alloc(p); copy_semundo(clone_flags, p): without CLONE_SYSVSEM"
                    + " tsk->sysvsem.undo_list = NULL;"),
    COPY_SEMUNDO("copy_semundo", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_SEMUNDO,
            "copy_semundo(clone_flags, p) (ipc/sem.c), CLONE_SYSVSEM: get_undo_list(&undo_list): current's, or one"
                    + " kmalloc'd for current with refcnt 1 (-ENOMEM: goto bad_fork_cleanup_audit);"
                    + " atomic_inc(&undo_list->refcnt); tsk->sysvsem.undo_list = undo_list;"),
    COPY_FILES("copy_files", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_FILES,
            "copy_files(clone_flags, p): CLONE_FILES ? atomic_inc(&oldf->count) : dup_fd(oldf)"),
    COPY_FS("copy_fs", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_FS,
            "copy_fs(clone_flags, p): CLONE_FS ? atomic_inc(&current->fs->count) : __copy_fs_struct(current->fs)"),
    COPY_SIGHAND("copy_sighand", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_SIGHAND,
            "copy_sighand(clone_flags, p): CLONE_SIGHAND ? atomic_inc(&current->sighand->count) : kmem_cache_alloc(sighand_cachep)"),
    COPY_SIGNAL("copy_signal", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_SIGNAL,
            "copy_signal(clone_flags, p): CLONE_THREAD ? atomic_inc(&current->signal->count), atomic_inc(&current->signal->live)"
                    + " : kmem_cache_alloc(signal_cachep)"),
    COPY_MM("copy_mm", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_MM,
            "copy_mm(clone_flags, p): !oldmm ? NULL : CLONE_VM ? atomic_inc(&oldmm->mm_users) : dup_mm"),
    COPY_NAMESPACE("copy_namespace", "fork.c copy_process // 12", true, ForkScenario.FAULT_COPY_NAMESPACE,
            "copy_keys(clone_flags, p) (0: CONFIG_KEYS is off); copy_namespace(clone_flags, p) (fs/namespace.c):"
                    + " get_namespace(tsk->namespace); CLONE_NEWNS: !capable(CAP_SYS_ADMIN) ? put_namespace(namespace),"
                    + " -EPERM : new_ns = kmalloc(), copy_tree() (else put_namespace(namespace), -ENOMEM);"
                    + " tsk->namespace = new_ns; put_namespace(namespace); goto bad_fork_cleanup_keys on error"),
    COPY_THREAD_IO_BITMAP("copy_thread", "fork.c copy_process // 13", true, ForkScenario.FAULT_IO_BITMAP,
            "copy_thread: if (me->thread.io_bitmap_ptr) { p->thread.io_bitmap_ptr = kmalloc(IO_BITMAP_BYTES, GFP_KERNEL);"
                    + " if (!p->thread.io_bitmap_ptr) { p->thread.io_bitmap_max = 0; return -ENOMEM; } memcpy(...); }"),
    COPY_THREAD_SETTLS("copy_thread", "fork.c copy_process // 13", true, ForkScenario.FAULT_SETTLS,
            "copy_thread: if (clone_flags & CLONE_SETTLS) { err = do_arch_prctl(p, ARCH_SET_FS, childregs->r8)"
                    + " (ia32: ia32_child_tls(p, childregs)); if (err) goto out; } out: if (err && p->thread.io_bitmap_ptr)"
                    + " kfree(p->thread.io_bitmap_ptr);"),
    COPY_PROCESS_13("copy_process", "fork.c copy_process // 12 13 14 15 16", false, null,
            "copy_thread(0, clone_flags, stack_start, stack_size, p, regs) (childregs->eax = 0;"
                    + " TIF_FORK); p->set_child_tid = (clone_flags & CLONE_CHILD_SETTID) ? child_tidptr : NULL; p->clear_child_tid"
                    + " likewise for CLONE_CHILD_CLEARTID; clear TIF_SYSCALL_TRACE;"
                    + " p->exit_signal = (clone_flags & CLONE_THREAD) ? -1 : (clone_flags & CSIGNAL); p->exit_state = 0;"),
    COPY_PROCESS_17("sched_fork", "fork.c copy_process // 17", true, null,
            "sched_fork(p): p->state = TASK_RUNNING; p->array = NULL; p->time_slice = (current->time_slice + 1) >> 1;"
                    + " p->first_time_slice = 1; current->time_slice >>= 1; if (!current->time_slice) { current->time_slice = 1;"
                    + " scheduler_tick(); }"),
    COPY_PROCESS_18("copy_process", "fork.c copy_process // 18", true, null,
            "p->group_leader = p; write_lock_irq(&tasklist_lock); set_task_cpu(p, smp_processor_id());"
                    + " if (sigismember(&current->pending.signal, SIGKILL)) { write_unlock_irq(&tasklist_lock); retval = -EINTR;"
                    + " goto bad_fork_cleanup_namespace; }"),
    COPY_PROCESS_19("copy_process", "fork.c copy_process // 19", true, null,
            "p->real_parent = (clone_flags & (CLONE_PARENT|CLONE_THREAD)) ? current->real_parent : current;"
                    + " p->parent = p->real_parent; CLONE_THREAD: under siglock, SIGNAL_GROUP_EXIT ? -EAGAIN :"
                    + " p->group_leader = current->group_leader, join a group stop"),
    COPY_PROCESS_21("copy_process", "fork.c copy_process // 21", false, null, "SET_LINKS(p);"),
    COPY_PROCESS_22("copy_process", "fork.c copy_process // 22", false, null,
            "if (unlikely(p->ptrace & PT_PTRACED)) __ptrace_link(p, current->parent);"),
    COPY_PROCESS_23("copy_process", "fork.c copy_process // 23 24", false, null,
            "attach_pid(p, PIDTYPE_PID, p->pid); attach_pid(p, PIDTYPE_TGID, p->tgid); if (thread_group_leader(p)) {"
                    + " attach_pid(p, PIDTYPE_PGID, process_group(p)); attach_pid(p, PIDTYPE_SID, p->signal->session);"
                    + " if (p->pid) __get_cpu_var(process_counts)++; }"),
    COPY_PROCESS_26("copy_process", "fork.c copy_process // 26 27 28", true, null,
            "nr_threads++; total_forks++; write_unlock_irq(&tasklist_lock); return p;"),

    BAD_FORK_CLEANUP_NAMESPACE("copy_process", "fork.c bad_fork_cleanup_namespace", true, null,
            "exit_namespace(p);"),
    BAD_FORK_CLEANUP_KEYS("copy_process", "fork.c bad_fork_cleanup_keys", true, null,
            "exit_keys(p); (nothing: CONFIG_KEYS is off)"),
    BAD_FORK_CLEANUP_MM("copy_process", "fork.c bad_fork_cleanup_mm", true, null, "if (p->mm) mmput(p->mm);"),
    BAD_FORK_CLEANUP_SIGNAL("copy_process", "fork.c bad_fork_cleanup_signal", true, null, "exit_signal(p);"),
    BAD_FORK_CLEANUP_SIGHAND("copy_process", "fork.c bad_fork_cleanup_sighand", true, null, "exit_sighand(p);"),
    BAD_FORK_CLEANUP_FS("copy_process", "fork.c bad_fork_cleanup_fs", true, null, "exit_fs(p);"),
    BAD_FORK_CLEANUP_FILES("copy_process", "fork.c bad_fork_cleanup_files", true, null, "exit_files(p);"),
    BAD_FORK_CLEANUP_SEMUNDO("copy_process", "fork.c bad_fork_cleanup_semundo", true, null,
            "exit_sem(p); audit_free(p); security_task_free(p); mpol_free(p->mempolicy);"
                    + " module_put(p->thread_info->exec_domain->module);"),
    BAD_FORK_CLEANUP_COUNT("copy_process", "fork.c bad_fork_cleanup_count", true, null,
            "put_group_info(p->group_info); atomic_dec(&p->user->processes); free_uid(p->user);"),
    BAD_FORK_FREE("copy_process", "fork.c bad_fork_free", true, null, "free_task(p); return ERR_PTR(retval);"),

    DO_FORK_3("do_fork", "fork.c do_fork // 3 4", false, null,
            "if (clone_flags & CLONE_VFORK) { p->vfork_done = &vfork; init_completion(&vfork); }"
                    + " if ((p->ptrace & PT_PTRACED) || (clone_flags & CLONE_STOPPED)) { sigaddset(&p->pending.signal, SIGSTOP);"
                    + " set_tsk_thread_flag(p, TIF_SIGPENDING); }"),
    DO_FORK_5("wake_up_new_task", "fork.c do_fork // 5", true, null,
            "wake_up_new_task(p, clone_flags): rq = task_rq_lock(p); same CPU: !CLONE_VM && current->array ? child queued"
                    + " before the parent, set_need_resched() : __activate_task(p, rq); other CPU: __activate_task(p, rq);"
                    + " if (TASK_PREEMPTS_CURR(p, rq)) resched_task(rq->curr); task_rq_unlock(rq);"),
    WAKE_UP_NEW_TASK_THIS_RQ("wake_up_new_task", "sched.c wake_up_new_task", true, null,
            "this_rq = task_rq_lock(current); current->sleep_avg = ...; task_rq_unlock(this_rq);"),
    DO_FORK_6("do_fork", "fork.c do_fork // 6", false, null, "else p->state = TASK_STOPPED;"),
    DO_FORK_7("ptrace_notify", "fork.c do_fork // 7", true, null,
            "current->ptrace_message = pid; ptrace_notify((trace << 8) | SIGTRAP) -> ptrace_stop: still traced ?"
                    + " exit_code = ..., set_current_state(TASK_TRACED), do_notify_parent_cldstop(current, current->parent,"
                    + " CLD_TRAPPED), schedule() : don't stop"),
    PTRACE_STOP_RESUMED("ptrace_notify", "signal.c ptrace_stop", true, null,
            "schedule() returns: the tracer continued or detached us; spin_lock_irq(&current->sighand->siglock);"
                    + " current->last_siginfo = NULL; recalc_sigpending();"),
    DO_FORK_8("do_fork", "fork.c do_fork // 8", true, null, "wait_for_completion(&vfork);"),
    DO_FORK_8_VFORK_DONE("ptrace_notify", "fork.c do_fork // 8", true, null,
            "if (unlikely(current->ptrace & PT_TRACE_VFORK_DONE)) ptrace_notify((PTRACE_EVENT_VFORK_DONE << 8) | SIGTRAP);"
                    + " (ptrace_stop as at step 7)"),
    DO_FORK_FREE_PIDMAP("do_fork", "fork.c do_fork // 9", true, null, "free_pidmap(pid); pid = PTR_ERR(p); return pid;"),

    FORK_IDLE_INIT_IDLE("init_idle", "fork.c fork_idle", true, null,
            "init_idle(task, cpu): idle->array = NULL; idle->prio = MAX_PRIO; idle->state = TASK_RUNNING;"
                    + " set_task_cpu(idle, cpu); rq->curr = rq->idle = idle;"),
    FORK_IDLE_UNHASH("unhash_process", "fork.c fork_idle", true, null,
            "unhash_process(task): write_lock_irq(&tasklist_lock); __unhash_process(p): nr_threads--; detach_pid of"
                    + " each id (pid 0 stays the swapper's); REMOVE_LINKS(p); write_unlock_irq(&tasklist_lock);"),
    GROUP_EXIT("do_group_exit", "exit.c do_group_exit", true, null,
            "if (!(sig->flags & SIGNAL_GROUP_EXIT) && !thread_group_empty(current)) { read_lock(&tasklist_lock);"
                    + " spin_lock_irq(&sighand->siglock); sig->flags = SIGNAL_GROUP_EXIT; zap_other_threads(current):"
                    + " group_stop_count = 0, each other thread not yet dead gets SIGKILL, loses a pending SIGSTOP,"
                    + " exit_signal = -1 unless it leads the group, and signal_wake_up(t, 1); unlock } do_exit(exit_code);"),
    DO_EXIT("do_exit", "exit.c do_exit", true, null,
            "tsk->flags |= PF_EXITING; group_dead = atomic_dec_and_test(&tsk->signal->live);"),
    EXIT_MM("mm_release", "fork.c mm_release", true, null,
            "exit_mm(tsk) -> mm_release(tsk, mm): if (tsk->vfork_done) complete_vfork_done(tsk);"
                    + " if (tsk->clear_child_tid && atomic_read(&mm->mm_users) > 1) { tsk->clear_child_tid = NULL;"
                    + " put_user(0, tidptr); sys_futex(tidptr, FUTEX_WAKE, ...); }"),
    EXIT_MMPUT("exit_mm", "exit.c exit_mm", true, null, "tsk->mm = NULL; mmput(mm);"),
    EXIT_SEM("exit_sem", "sem.c exit_sem", true, null,
            "undo_list = tsk->sysvsem.undo_list; if (!atomic_dec_and_test(&undo_list->refcnt)) return; (the last"
                    + " user frees the list)"),
    EXIT_FILES("exit_files", "exit.c __exit_files", true, null, "tsk->files = NULL; put_files_struct(files);"),
    EXIT_FS("exit_fs", "exit.c __exit_fs", true, null, "tsk->fs = NULL; put_fs_struct(fs);"),
    EXIT_NAMESPACE("exit_namespace", "namespace.h exit_namespace", true, null,
            "task_lock(p); p->namespace = NULL; task_unlock(p); put_namespace(namespace);"),
    EXIT_NOTIFY("exit_notify", "exit.c exit_notify", true, null, "write_lock_irq(&tasklist_lock);"),
    EXIT_NOTIFY_BODY("exit_notify", "exit.c exit_notify", true, null,
            "forget_original_parent(tsk); tsk->exit_state = exit_signal == -1 && !tsk->ptrace ? EXIT_DEAD : EXIT_ZOMBIE;"
                    + " do_notify_parent(tsk, exit_signal); write_unlock_irq(&tasklist_lock);"),
    EXIT_SCHEDULE("do_exit", "exit.c do_exit", true, null,
            "tsk->flags |= PF_DEAD; schedule(); (finish_task_switch: put_task_struct(prev))"),
    EXEC_MM_RELEASE("exec_mmap", "exec.c exec_mmap", true, null,
            "mm_release(tsk, old_mm): if (tsk->vfork_done) complete_vfork_done(tsk);"),
    EXEC_MMPUT("exec_mmap", "exec.c exec_mmap", true, null, "tsk->mm = mm; mmput(old_mm);"),

    GET_SIGNAL_STOP("get_signal_to_deliver", "signal.c get_signal_to_deliver", true, null,
            "spin_lock_irq(&current->sighand->siglock); signr = dequeue_signal(current, mask, info): SIGSTOP;"
                    + " if (current->ptrace & PT_PTRACED) ptrace_stop(signr, signr, info) (as at step 7, exit_code ="
                    + " SIGSTOP); else do_signal_stop(signr): exit_code = signr, TASK_STOPPED, schedule()"),
    GET_SIGNAL_STOP_RESUMED("get_signal_to_deliver", "signal.c get_signal_to_deliver", true, null,
            "ptrace_stop returns: signr = current->exit_code; if (signr == 0) continue; (the tracer cancelled it)"
                    + " current->exit_code = 0; SIGSTOP's default action: do_signal_stop(signr)"),
    KILL("kill_proc_info", "signal.c kill_proc_info", true, null,
            "read_lock(&tasklist_lock); p = find_task_by_pid(pid) (killpg: each task of the group,"
                    + " __kill_pg_info); group_send_sig_info(SIGKILL, p): fatal, so"
                    + " p->signal->flags = SIGNAL_GROUP_EXIT and every thread gets SIGKILL and signal_wake_up(t, 1);"
                    + " read_unlock(&tasklist_lock);"),
    SET_CPUS_ALLOWED("set_cpus_allowed", "sched.c set_cpus_allowed", true, null,
            "read_lock(&tasklist_lock); p = find_process_by_pid(pid); set_cpus_allowed(p, cpumask_of(cpu)):"
                    + " migrate_task(p, cpu): !p->array && !task_running(rq, p) ? set_task_cpu(p, cpu) : the migration"
                    + " thread moves it; read_unlock(&tasklist_lock);"),
    PTRACE_ATTACH("ptrace_attach", "ptrace.c ptrace_attach", true, null,
            "read_lock(&tasklist_lock); child = find_task_by_pid(pid); read_unlock; task_lock(task); pid <= 1, current,"
                    + " no mm, another user, already PT_PTRACED: -EPERM; task->ptrace |= PT_PTRACED; task_unlock(task);"),
    PTRACE_CONT("ptrace_resume", "ptrace.c ptrace_resume", true, null,
            "sys_ptrace: ptrace_check_attach(child): traced by current and stopped, else -ESRCH; child->exit_code = data;"
                    + " wake_up_process(child);"),
    PTRACE_DETACH("ptrace_detach", "ptrace.c ptrace_detach", true, null,
            "ptrace_check_attach(child), else -ESRCH; write_lock_irq(&tasklist_lock); __ptrace_unlink(child);"
                    + " if (child->exit_state != EXIT_ZOMBIE) wake_up_process(child); write_unlock_irq(&tasklist_lock);"),
    PTRACE_ATTACH_LINK("ptrace_attach", "ptrace.c ptrace_attach", true, null,
            "write_lock_irq(&tasklist_lock); __ptrace_link(task, current); write_unlock_irq(&tasklist_lock);"
                    + " force_sig_specific(SIGSTOP, task);"),
    WAIT("wait_task_zombie", "exit.c do_wait", true, null,
            "read_lock(&tasklist_lock); a zombie child: exit_state = EXIT_DEAD, release_task(p); none: sleep; no child: -ECHILD"),
    WAIT_PTRACE_UNLINK("wait_task_zombie", "exit.c wait_task_zombie", true, null,
            "if (p->real_parent != p->parent) { write_lock_irq(&tasklist_lock); __ptrace_unlink(p); p->exit_state ="
                    + " EXIT_ZOMBIE; if (p->exit_signal != -1) { do_notify_parent(p, p->exit_signal); p = NULL; }"
                    + " write_unlock_irq(&tasklist_lock); } if (p != NULL) release_task(p);"),
    RELEASE_TASK("release_task", "exit.c release_task", true, null, "atomic_dec(&p->user->processes);"),
    RELEASE_TASK_LOCK("release_task", "exit.c release_task", true, null, "write_lock_irq(&tasklist_lock);"),
    RELEASE_TASK_UNHASH("release_task", "exit.c release_task", true, null,
            "if (p->ptrace) __ptrace_unlink(p); __exit_signal(p); __exit_sighand(p); __unhash_process(p): nr_threads--;"
                    + " detach_pid(p, PIDTYPE_PID); detach_pid(p, PIDTYPE_TGID); leader: detach_pid PGID, SID,"
                    + " process_counts--; REMOVE_LINKS(p);"),
    DETACH_PID("detach_pid", "pid.c detach_pid", true, null,
            "for each type: if (!find_pid(tmp, nr)) free_pidmap(nr);"),
    RELEASE_TASK_UNLOCK("release_task", "exit.c release_task", true, null,
            "sched_exit(p): if (p->first_time_slice) p->parent->time_slice += p->time_slice (at most task_timeslice(p));"
                    + " write_unlock_irq(&tasklist_lock);"),
    RELEASE_TASK_PUT("release_task", "exit.c release_task", true, null,
            "put_task_struct(p): if (atomic_dec_and_test(&p->usage)) { free_uid(p->user); free_task(p); }");

    /** The part of the spec that executes a label: one class each. */
    public enum Part {
        DO_FORK,
        COPY_PROCESS,
        DO_EXIT,
        REAP,
        TO_OTHERS,
        DO_SIGNAL;

        static Part of(String function) {
            return switch (function) {
                case "copy_process", "dup_task_struct", "copy_files", "copy_fs", "copy_sighand", "copy_signal", "copy_mm",
                        "copy_semundo", "copy_namespace", "copy_thread", "sched_fork", "init_idle", "unhash_process" -> COPY_PROCESS;
                case "wait_task_zombie", "release_task", "detach_pid" -> REAP;
                case "get_signal_to_deliver" -> DO_SIGNAL;
                case "kill_proc_info", "set_cpus_allowed", "ptrace_attach", "ptrace_resume", "ptrace_detach" -> TO_OTHERS;
                case "do_group_exit", "do_exit", "mm_release", "exit_mm", "exit_sem", "exit_files", "exit_fs", "exit_namespace", "exit_notify",
                        "exec_mmap" -> DO_EXIT;
                default -> DO_FORK;
            };
        }
    }

    private final String function;
    private final String line;
    private final boolean visible;
    private final String fault;
    private final String code;
    private final Part part;

    ForkLabel(String function, String line, boolean visible, String fault, String code) {
        this.function = function;
        this.line = line;
        this.visible = visible;
        this.fault = fault;
        this.code = code;
        this.part = Part.of(function);
    }

    public Part part() {
        return part;
    }

    private static final ForkLabel[] ALL = values();

    public static ForkLabel of(int ordinal) {
        return ALL[ordinal];
    }

    public String function() {
        return function;
    }

    /** Where the seed or the 2.6.11 tree has it. */
    public String line() {
        return line;
    }

    public boolean visible() {
        return visible;
    }

    /** The allocation that may fail at this step where the scenario allows it, or null. */
    public String fault() {
        return fault;
    }

    public String code() {
        return code;
    }
}
