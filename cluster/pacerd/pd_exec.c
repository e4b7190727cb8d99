// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pd_exec.c - the coordinator's transitions and every node's executor.
 *
 * Coordinator: whenever nothing is in flight it runs the scheduler
 * (pacerd_sched.h) on its CIB and multicasts the actions whose
 * predecessors are done ("exec" messages, in agreed order).  Results come
 * back as status updates; the next run starts from the new status, so a
 * transition proceeds wave by wave and a failed or lost action simply
 * leads to a new plan.
 *
 * Executor: runs the agent of an exec addressed to this node in a process
 * group of its own (OCF with OCF_RESKEY_* and CRM_meta_* variables, LSB,
 * systemd through systemctl), kills the group at the timeout, and writes
 * the result as Pacemaker's lrm_rsc_op (return codes as Pacemaker maps
 * them: 0 running, 7 not running, 8 promoted, 9 failed promoted, 1-6
 * errors).  After start/promote/demote it runs the resource's recurring
 * monitor for the role; a failed monitor is written with its fail-count
 * (fail-count-RSC#monitor_INTERVAL) and the coordinator recovers.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cib.h"
#include "pacerd.h"
#include "pacerd_sched.h"

#define MAX_RUNNING 64

struct job {
	pid_t pid;		/* 0: free slot */
	char rsc[128], instance[160], op[24];
	long interval_ms, timeout_ms;
	int expected;
	struct timespec start;
	bool recurring;
};

struct monitor {
	char rsc[128], instance[160];
	long interval_ms, timeout_ms;
	int expected, last_rc;
	struct timespec next;
	bool active;
	bool recorded;		/* first result written to the status */
};

struct active {			/* what this node runs (started, promoted,
				 * or found by a probe) */
	char rsc[128], instance[160];
	bool used;
};

static xmlNode *notify_env;	/* while forking a notify call */
static struct job jobs[MAX_RUNNING];
static struct monitor mons[MAX_RUNNING];
static struct active actives[MAX_RUNNING];
static int call_id;

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	       (now.tv_nsec - t->tv_nsec) / 1000000;
}

static long parse_ms(const char *s, long dflt)
{
	char *end;
	double v;

	if (!s || !*s)
		return dflt;
	v = strtod(s, &end);
	if (!strcmp(end, "ms") || !strcmp(end, "msec"))
		return (long)v;
	if (!strcmp(end, "m") || !strcmp(end, "min"))
		return (long)(v * 60000);
	if (!strcmp(end, "h") || !strcmp(end, "hr"))
		return (long)(v * 3600000);
	return (long)(v * 1000);
}

/* The <op> of prim for (name, role), or NULL. */
static xmlNode *find_op(xmlNode *prim, const char *name, bool promoted,
			bool recurring)
{
	xmlNode *ops = cib_child(prim, "operations");

	for (xmlNode *o = ops ? ops->children : NULL; o; o = o->next) {
		const char *n = cib_xml_get(o, "name");
		const char *role = cib_xml_get(o, "role");
		long iv = parse_ms(cib_xml_get(o, "interval"), 0);
		bool prole = role && (!strcmp(role, "Promoted") ||
				      !strcmp(role, "Master"));

		if (!cib_is_el(o, "op") || !n || strcmp(n, name))
			continue;
		if (recurring != (iv > 0))
			continue;
		if (recurring && role && prole != promoted)
			continue;
		return o;
	}
	return NULL;
}

static xmlNode *find_prim(struct pacerd *pd, const char *rsc)
{
	xmlNode *n = cib_doc_find_id(pd->cib, rsc);

	return cib_is_el(n, "primitive") ? n : NULL;
}

long pd_exec_timeout_ms(struct pacerd *pd, const char *rsc, const char *op)
{
	xmlNode *prim = find_prim(pd, rsc);
	xmlNode *o = prim ? find_op(prim, op, false, false) : NULL;

	return parse_ms(o ? cib_xml_get(o, "timeout") : NULL, 20000);
}

static const char *meta(xmlNode *el, const char *name)
{
	xmlNode *m = cib_child(el, "meta_attributes");

	for (xmlNode *p = m ? m->children : NULL; p; p = p->next) {
		const char *n = cib_xml_get(p, "name");

		if (cib_is_el(p, "nvpair") && n && !strcmp(n, name))
			return cib_xml_get(p, "value");
	}
	return NULL;
}

static void set_clone_env(xmlNode *prim, const char *instance)
{
	xmlNode *cl = prim->parent;
	const char *colon = strrchr(instance, ':');
	static const char *const keys[][2] = {
		{ "clone-max", "clone_max" },
		{ "clone-node-max", "clone_node_max" },
		{ "promoted-max", "promoted_max" },
		{ "master-max", "master_max" },
		{ "promoted-node-max", "promoted_node_max" },
		{ "master-node-max", "master_node_max" },
		{ "notify", "notify" },
		{ "globally-unique", "globally_unique" },
	};
	char var[96];

	if (cib_is_el(cl, "group"))
		cl = cl->parent;
	if (!cib_is_el(cl, "clone") && !cib_is_el(cl, "master"))
		return;
	setenv("OCF_RESKEY_CRM_meta_clone", colon ? colon + 1 : "0", 1);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		const char *v = meta(cl, keys[i][0]);

		snprintf(var, sizeof(var), "OCF_RESKEY_CRM_meta_%s", keys[i][1]);
		if (v)
			setenv(var, v, 1);
	}
	if (!meta(cl, "globally-unique"))
		setenv("OCF_RESKEY_CRM_meta_globally_unique", "false", 1);
}

/* In the child: environment and exec of the agent. */
static void exec_agent(struct pacerd *pd, xmlNode *prim, const struct job *j)
{
	const char *cls = cib_xml_get(prim, "class") ?: "ocf";
	const char *type = cib_xml_get(prim, "type") ?: "";
	const char *prov = cib_xml_get(prim, "provider") ?: "heartbeat";
	const char *root = getenv("OCF_ROOT") ?: "/usr/lib/ocf";
	xmlNode *ia = cib_child(prim, "instance_attributes");
	char path[512], var[256], num[32];

	setpgid(0, 0);
	dup2(pd_log_fd(), 1);
	dup2(pd_log_fd(), 2);
	setenv("OCF_ROOT", root, 1);
	setenv("OCF_RA_VERSION_MAJOR", "1", 1);
	setenv("OCF_RA_VERSION_MINOR", "1", 1);
	setenv("OCF_RESOURCE_INSTANCE", j->instance, 1);
	setenv("OCF_RESOURCE_TYPE", type, 1);
	setenv("OCF_RESOURCE_PROVIDER", prov, 1);
	setenv("OCF_RESKEY_CRM_meta_on_node", pd->my_name, 1);
	snprintf(num, sizeof(num), "%ld", j->interval_ms);
	setenv("OCF_RESKEY_CRM_meta_interval", num, 1);
	snprintf(num, sizeof(num), "%ld", j->timeout_ms);
	setenv("OCF_RESKEY_CRM_meta_timeout", num, 1);
	for (xmlNode *p = ia ? ia->children : NULL; p; p = p->next) {
		if (!cib_is_el(p, "nvpair"))
			continue;
		snprintf(var, sizeof(var), "OCF_RESKEY_%s",
			 cib_xml_get(p, "name") ?: "");
		setenv(var, cib_xml_get(p, "value") ?: "", 1);
	}
	set_clone_env(prim, j->instance);
	for (xmlNode *c = notify_env ? notify_env->children : NULL;
	     c && !strcmp(j->op, "notify"); c = c->next) {
		if (!cib_is_el(c, "env"))
			continue;
		snprintf(var, sizeof(var), "OCF_RESKEY_CRM_meta_%s",
			 cib_xml_get(c, "name") ?: "");
		setenv(var, cib_xml_get(c, "value") ?: "", 1);
	}
	if (pd->stopping || pd->cs_dead || !pd->quorate)
		setenv("PACER_ATTR_OFFLINE", "1", 1);	/* no CIB to write */
	if (getenv("PACER_SHIM_DIR"))
		setenv("HA_SBIN_DIR", getenv("PACER_SHIM_DIR"), 1);
	if (!strcmp(cls, "ocf")) {
		snprintf(path, sizeof(path), "%s/resource.d/%s/%s", root, prov,
			 type);
		execl(path, path, j->op, (char *)NULL);
	} else if (!strcmp(cls, "lsb")) {
		snprintf(path, sizeof(path), "/etc/init.d/%s", type);
		execl(path, path, !strcmp(j->op, "monitor") ? "status" : j->op,
		      (char *)NULL);
	} else if (!strcmp(cls, "stonith")) {
		/* fence devices are used by the fencer; start/stop/monitor
		 * only register them */
		_exit(0);
	} else if (!strcmp(cls, "systemd")) {
		execlp("systemctl", "systemctl",
		       !strcmp(j->op, "monitor") ? "is-active" : j->op, type,
		       (char *)NULL);
	}
	_exit(5);	/* OCF_ERR_INSTALLED */
}

static struct job *free_job(void)
{
	for (int i = 0; i < MAX_RUNNING; i++)
		if (!jobs[i].pid)
			return &jobs[i];
	return NULL;
}

/* The job now running op of instance, or NULL when it cannot run. */
static struct job *start_job(struct pacerd *pd, const char *rsc,
			     const char *instance, const char *op,
			     long interval_ms, int expected, bool recurring)
{
	xmlNode *prim = find_prim(pd, rsc), *o;
	struct job *j = free_job();
	pid_t pid;

	if (!prim || !j)
		return NULL;
	memset(j, 0, sizeof(*j));
	snprintf(j->rsc, sizeof(j->rsc), "%s", rsc);
	snprintf(j->instance, sizeof(j->instance), "%s", instance);
	snprintf(j->op, sizeof(j->op), "%s", op);
	j->interval_ms = interval_ms;
	j->expected = expected;
	j->recurring = recurring;
	o = find_op(prim, op, expected == 8, interval_ms > 0);
	j->timeout_ms = parse_ms(o ? cib_xml_get(o, "timeout") : NULL, 20000);
	clock_gettime(CLOCK_MONOTONIC, &j->start);
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0)
		exec_agent(pd, prim, j);
	setpgid(pid, pid);
	j->pid = pid;
	if (!recurring)
		pd_info("%s: %s %s (timeout %ld ms)", pd->my_name, op, instance,
			j->timeout_ms);
	return j;
}

/*
 * op-digest: 32 hex digits over the resource's parameters (name=value in
 * CIB order) and the operation's interval, so a changed definition shows
 * in the status.  Two FNV-1a 64-bit hashes with different offsets; not
 * Pacemaker's MD5 of its own XML form, which pacer does not reproduce.
 */
static void op_digest(xmlNode *prim, long interval_ms, char out[33])
{
	uint64_t h[2] = { 14695981039346656037ull, 0x6c62272e07bb0142ull };
	xmlNode *ia = prim ? cib_child(prim, "instance_attributes") : NULL;
	char num[32];

	for (int k = 0; k < 2; k++) {
		for (xmlNode *p = ia ? ia->children : NULL; p; p = p->next) {
			const char *parts[] = { cib_xml_get(p, "name") ?: "",
						"=",
						cib_xml_get(p, "value") ?: "",
						"\n" };

			if (!cib_is_el(p, "nvpair"))
				continue;
			for (int x = 0; x < 4; x++)
				for (const char *c = parts[x]; *c; c++) {
					h[k] ^= (unsigned char)*c;
					h[k] *= 1099511628211ull;
				}
		}
		snprintf(num, sizeof(num), "interval=%ld", interval_ms);
		for (const char *c = num; *c; c++) {
			h[k] ^= (unsigned char)*c;
			h[k] *= 1099511628211ull;
		}
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0],
		 (unsigned long long)h[1]);
}

/* Status update for one result, as Pacemaker records it. */
static void send_result(struct pacerd *pd, const struct job *j, int rc,
			int op_status, bool failed)
{
	xmlNode *prim = find_prim(pd, j->rsc);
	xmlNode *st = cib_xml_el(NULL, "status", NULL), *ns, *lrm, *lr, *op;
	xmlDoc *txn = cib_txn_new();
	char id[256], key[256], num[32], tkey[64], *buf;
	size_t len;
	uint32_t nid = pd->my_id;

	snprintf(num, sizeof(num), "%u", nid);
	ns = cib_xml_el(st, "node_state", num);
	cib_xml_set(ns, "uname", pd->my_name);
	lrm = cib_xml_el(ns, "lrm", num);
	lr = cib_xml_el(cib_xml_el(lrm, "lrm_resources", NULL), "lrm_resource",
			j->rsc);
	if (prim) {
		cib_xml_set(lr, "class", cib_xml_get(prim, "class") ?: "ocf");
		if (cib_xml_get(prim, "provider"))
			cib_xml_set(lr, "provider",
				    cib_xml_get(prim, "provider"));
		cib_xml_set(lr, "type", cib_xml_get(prim, "type") ?: "");
	}
	if (j->interval_ms)
		snprintf(id, sizeof(id), "%s_monitor_%ld", j->rsc,
			 j->interval_ms);
	else
		snprintf(id, sizeof(id), "%s_last_0", j->rsc);
	snprintf(key, sizeof(key), "%s_%s_%ld", j->rsc, j->op, j->interval_ms);
	snprintf(tkey, sizeof(tkey), "0:0:%d:pacer", j->expected);
	op = cib_xml_el(lr, "lrm_rsc_op", id);
	cib_xml_set(op, "operation_key", key);
	cib_xml_set(op, "operation", j->op);
	cib_xml_set(op, "transition-key", tkey);
	cib_xml_set(op, "on_node", pd->my_name);
	snprintf(num, sizeof(num), "%d", ++call_id + (int)(time(NULL) % 100000) * 1000);
	cib_xml_set(op, "call-id", num);
	snprintf(num, sizeof(num), "%d", rc);
	cib_xml_set(op, "rc-code", num);
	snprintf(num, sizeof(num), "%d", op_status);
	cib_xml_set(op, "op-status", num);
	snprintf(num, sizeof(num), "%ld", j->interval_ms);
	cib_xml_set(op, "interval", num);
	snprintf(num, sizeof(num), "%ld", (long)time(NULL));
	cib_xml_set(op, "last-rc-change", num);
	if (prim) {
		char dg[33];

		op_digest(prim, j->interval_ms, dg);
		cib_xml_set(op, "op-digest", dg);
	}
	if (failed) {
		xmlNode *f = xmlCopyNode(op, 1), *ta, *ia;
		xmlNode *cur = cib_status_node(pd->cib, pd->my_name);
		long count = 1;
		char name[300];

		snprintf(id, sizeof(id), "%s_last_failure_0", j->rsc);
		cib_xml_set(f, "id", id);
		xmlAddChild(lr, f);
		/* fail-count-RSC#OP_INTERVAL, incremented */
		snprintf(name, sizeof(name), "fail-count-%s#%s_%ld", j->rsc,
			 j->op, j->interval_ms);
		for (xmlNode *t = cib_child(cur, "transient_attributes"),
			     *s = t ? t->children : NULL; s; s = s->next)
			for (xmlNode *p = s->children; p; p = p->next)
				if (!strcmp(cib_xml_get(p, "name") ?: "", name))
					count += atol(cib_xml_get(p, "value") ?: "0");
		snprintf(num, sizeof(num), "%u", nid);
		ta = cib_xml_el(ns, "transient_attributes", num);
		snprintf(id, sizeof(id), "status-%u", nid);
		ia = cib_xml_el(ta, "instance_attributes", id);
		snprintf(num, sizeof(num), "%ld", count);
		cib_xml_nvpair(ia, name, num);
		snprintf(name, sizeof(name), "last-failure-%s#%s_%ld", j->rsc,
			 j->op, j->interval_ms);
		snprintf(num, sizeof(num), "%ld", (long)time(NULL));
		cib_xml_nvpair(ia, name, num);
	}
	cib_txn_add(txn, CIB_OP_MERGE, "/cib/status", st, NULL, 0);
	xmlFreeNode(st);
	cib_doc_dump(txn, &buf, &len);
	/* a result ends the coordinator's wait for it; a record of a
	 * recurring op or of an operation just begun does not */
	pd_send(pd, j->recurring || op_status == -1 ? PD_MSG_TXN :
		PD_MSG_RESULT, 0, buf, len);
	free(buf);
	xmlFreeDoc(txn);
}

static void stop_monitors(const char *rsc)
{
	for (int i = 0; i < MAX_RUNNING; i++)
		if (mons[i].active && !strcmp(mons[i].rsc, rsc))
			mons[i].active = false;
}

static void start_monitor(struct pacerd *pd, const struct job *j,
			  bool promoted)
{
	xmlNode *prim = find_prim(pd, j->rsc);
	xmlNode *o = prim ? find_op(prim, "monitor", promoted, true) : NULL;

	stop_monitors(j->rsc);
	if (!o)
		return;
	for (int i = 0; i < MAX_RUNNING; i++) {
		struct monitor *m = &mons[i];

		if (m->active)
			continue;
		snprintf(m->rsc, sizeof(m->rsc), "%s", j->rsc);
		snprintf(m->instance, sizeof(m->instance), "%s", j->instance);
		m->interval_ms = parse_ms(cib_xml_get(o, "interval"), 10000);
		m->expected = promoted ? 8 : 0;
		m->last_rc = m->expected;
		clock_gettime(CLOCK_MONOTONIC, &m->next);
		m->active = true;
		m->recorded = false;
		return;
	}
}

static void set_active(const struct job *j, bool on)
{
	struct active *slot = NULL;

	for (int i = 0; i < MAX_RUNNING; i++) {
		if (actives[i].used && !strcmp(actives[i].rsc, j->rsc) &&
		    !strcmp(actives[i].instance, j->instance)) {
			actives[i].used = on;
			return;
		}
		if (!actives[i].used && !slot)
			slot = &actives[i];
	}
	if (on && slot) {
		snprintf(slot->rsc, sizeof(slot->rsc), "%s", j->rsc);
		snprintf(slot->instance, sizeof(slot->instance), "%s",
			 j->instance);
		slot->used = true;
	}
}

static void job_done(struct pacerd *pd, struct job *j, int rc, int op_status)
{
	bool ok;

	if (j->recurring) {
		for (int i = 0; i < MAX_RUNNING; i++) {
			struct monitor *m = &mons[i];

			if (!m->active || strcmp(m->rsc, j->rsc) ||
			    m->interval_ms != j->interval_ms)
				continue;
			clock_gettime(CLOCK_MONOTONIC, &m->next);
			if (rc == m->expected && !m->recorded) {
				/* the recurring op is established: record
				 * it once (later results only on a change) */
				m->recorded = true;
				send_result(pd, j, rc, op_status, false);
			} else if (rc != m->expected) {
				pd_warn("%s: monitor of %s returned %d "
					"(expected %d): failed", pd->my_name,
					j->instance, rc, m->expected);
				m->active = false;
				send_result(pd, j, rc, op_status, true);
			}
		}
		return;
	}
	if (!strcmp(j->op, "notify")) {	/* not recorded in the CIB */
		pd_info("%s: notify %s: rc=%d", pd->my_name, j->instance, rc);
		pd_send(pd, PD_MSG_NOTIFIED, 0, "", 0);
		return;
	}
	if (!strcmp(j->op, "monitor"))	/* probe */
		ok = rc == 0 || rc == 7 || rc == 8;
	else
		ok = rc == 0;
	pd_info("%s: %s %s: rc=%d%s", pd->my_name, j->op, j->instance, rc,
		ok ? "" : " (failed)");
	if (!strcmp(j->op, "stop") && rc == 0)
		set_active(j, false);
	else if (strcmp(j->op, "stop") && (rc == 0 || rc == 8) &&
		 (strcmp(j->op, "monitor") || rc != 7))
		set_active(j, true);
	/* a probe that finds the resource active monitors it from then on,
	 * as a start would (it may run since before this daemon started) */
	if (ok && (!strcmp(j->op, "start") || !strcmp(j->op, "demote") ||
		   (!strcmp(j->op, "monitor") && rc == 0)))
		start_monitor(pd, j, false);
	else if (ok && (!strcmp(j->op, "promote") ||
			(!strcmp(j->op, "monitor") && rc == 8)))
		start_monitor(pd, j, true);
	else if (!strcmp(j->op, "stop") || !ok)
		stop_monitors(j->rsc);
	send_result(pd, j, rc, op_status, !ok);
}

/* Called from the loop: reap agents, enforce timeouts, run monitors. */
void pd_exec_tick(struct pacerd *pd)
{
	for (int i = 0; i < MAX_RUNNING; i++) {
		struct job *j = &jobs[i];
		int st;
		pid_t w;

		if (!j->pid)
			continue;
		w = waitpid(j->pid, &st, WNOHANG);
		if (w == j->pid) {
			j->pid = 0;
			job_done(pd, j, WIFEXITED(st) ? WEXITSTATUS(st) : 1, 0);
		} else if (ms_since(&j->start) > j->timeout_ms) {
			kill(-j->pid, SIGKILL);
			waitpid(j->pid, &st, 0);
			j->pid = 0;
			pd_warn("%s: %s %s timed out after %ld ms; killed",
				pd->my_name, j->op, j->instance, j->timeout_ms);
			job_done(pd, j, 1, 2);	/* op-status 2: timed out */
		}
	}
	for (int i = 0; i < MAX_RUNNING; i++) {
		struct monitor *m = &mons[i];
		bool busy = false;

		/* the first run right after start/promote, then every
		 * interval */
		if (!m->active ||
		    (m->recorded && ms_since(&m->next) < m->interval_ms))
			continue;
		for (int k = 0; k < MAX_RUNNING; k++)
			busy |= jobs[k].pid && !strcmp(jobs[k].rsc, m->rsc);
		if (busy)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &m->next);
		start_job(pd, m->rsc, m->instance, "monitor", m->interval_ms,
			  m->expected, true);
	}
}

/* 2: an agent runs (reap it soon), 1: recurring monitors, 0: idle. */
int pd_exec_busy(void)
{
	int busy = 0;

	for (int i = 0; i < MAX_RUNNING; i++) {
		if (jobs[i].pid)
			return 2;
		if (mons[i].active)
			busy = 1;
	}
	return busy;
}

/* An exec message was delivered. */
void pd_exec_deliver(struct pacerd *pd, const char *payload)
{
	xmlDoc *d = xmlReadMemory(payload, (int)strlen(payload), "exec", NULL,
				  0);
	xmlNode *e = d ? xmlDocGetRootElement(d) : NULL;
	const char *node = cib_xml_get(e, "node");
	const char *op;
	struct job *j;
	int expected;

	if (!e || !node || strcmp(node, pd->my_name)) {
		xmlFreeDoc(d);
		return;
	}
	op = cib_xml_get(e, "op") ?: "";
	for (int i = 0; i < MAX_RUNNING; i++)
		if (jobs[i].pid && !jobs[i].recurring &&
		    !strcmp(jobs[i].rsc, cib_xml_get(e, "rsc") ?: "") &&
		    !strcmp(jobs[i].op, op)) {
			xmlFreeDoc(d);	/* already running (re-sent) */
			return;
		}
	expected = !strcmp(op, "monitor") ? 7 : 0;
	if (!strcmp(op, "notify")) {
		const char *v[4] = { "", "", "", "" };
		static const char *const want[4] = {
			"notify_type", "notify_operation",
			"notify_promote_uname", "notify_active_resource" };

		for (xmlNode *c = e->children; c; c = c->next)
			for (int k = 0; k < 4; k++)
				if (!strcmp(cib_xml_get(c, "name") ?: "",
					    want[k]))
					v[k] = cib_xml_get(c, "value") ?: "";
		pd_info("%s: notify %s: %s-%s, promote_uname '%s', "
			"active_resource '%s'", pd->my_name,
			cib_xml_get(e, "instance") ?: "", v[0], v[1], v[2],
			v[3]);
	}
	notify_env = e;
	j = start_job(pd, cib_xml_get(e, "rsc") ?: "",
		      cib_xml_get(e, "instance") ?: "", op, 0, expected, false);
	notify_env = NULL;
	/*
	 * An operation begun is recorded as Pacemaker's record-pending does
	 * (rc-code 193, op-status -1, in place of the last result): `pacer
	 * status` shows "Starting", and no coordinator plans over it
	 * (pd_cib.c, op_under_way).
	 */
	if (j && (!strcmp(op, "start") || !strcmp(op, "stop") ||
		  !strcmp(op, "promote") || !strcmp(op, "demote")))
		send_result(pd, j, 193, -1, false);
	if (!j && !strcmp(op, "notify")) {
		pd_send(pd, PD_MSG_NOTIFIED, 0, "", 0);
	} else if (!j) {
		struct job fail = { 0 };

		snprintf(fail.rsc, sizeof(fail.rsc), "%s",
			 cib_xml_get(e, "rsc") ?: "");
		snprintf(fail.op, sizeof(fail.op), "%s", op);
		pd_err("%s: cannot run %s of %s", pd->my_name, op, fail.rsc);
		send_result(pd, &fail, 5, 0, true);
	}
	xmlFreeDoc(d);
}

/* Stop everything this node runs (quorum lost with policy stop, or
 * Corosync gone), with or without a recurring monitor: stop agents
 * synchronously, newest first. */
void pd_exec_stop_all(struct pacerd *pd, bool report)
{
	struct active copy[MAX_RUNNING];
	int n = 0;

	for (int i = 0; i < MAX_RUNNING; i++)
		if (actives[i].used)
			copy[n++] = actives[i];
	for (int i = n - 1; i >= 0; i--) {
		struct job *j;
		int st, rc;

		stop_monitors(copy[i].rsc);
		j = start_job(pd, copy[i].rsc, copy[i].instance, "stop", 0, 0,
			      false);
		if (!j)
			continue;
		waitpid(j->pid, &st, 0);
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
		pd_info("%s: stopped %s (rc=%d)", pd->my_name, copy[i].instance,
			rc);
		if (report)
			job_done(pd, j, rc, 0);
		else if (rc == 0)
			set_active(j, false);
		j->pid = 0;
	}
}
