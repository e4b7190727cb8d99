// SPDX-License-Identifier: GPL-2.0-only
/*
 * status_fmt.c - state output of drbdadm role/dstate/cstate/status.
 */
#include <inttypes.h>

#include "status_fmt.h"
#include "drbd_md.h"
#include "drbd_uuid.h"

void status_fmt_role(FILE *out, const struct drbd_status *st)
{
	fprintf(out, "%s\n", drbd_role_name(st->role));
}

void status_fmt_dstate(FILE *out, const struct drbd_status *st)
{
	fprintf(out, "%s/%s\n", drbd_dstate_name(st->dstate),
		drbd_dstate_name(st->peer_dstate));
}

void status_fmt_cstate(FILE *out, const struct drbd_status *st)
{
	fprintf(out, "%s\n", drbd_cstate_name(st->cstate));
}

static bool is_sync(enum drbd_cstate c)
{
	return c >= DRBD_CS_SYNC_SOURCE && c < DRBD_CS__COUNT;
}

/* Share of the resync already done, from the kernel's KiB counts. */
static double done_percent(const struct drbd_status *st)
{
	uint64_t left = st->rs_left < st->rs_total ? st->rs_left : st->rs_total;

	return 100.0 * (double)(st->rs_total - left) / (double)st->rs_total;
}

/* StandAlone after a refused handshake: what happened and the way back. */
static void fmt_refused(FILE *out, const char *res, const char *peer,
			const struct drbd_status *st)
{
	bool sb = st->refused_verdict == DRBD_SYNC_SPLIT_BRAIN ||
		  st->refused_verdict == DRBD_SYNC_SPLIT_BRAIN_FATAL;

	if (st->refused_verdict == DRBD_SYNC_DISCARD_BOTH) {
		fprintf(out, "  %s connection:StandAlone split-brain (rule %u), both nodes asked --discard-my-data\n",
			peer, st->refused_rule);
		fprintf(out, "    recover: on the node whose data to keep: drbdadm disconnect %s; drbdadm connect %s\n",
			res, res);
		return;
	}
	if (!sb) {
		fprintf(out, "  %s connection:StandAlone %s (rule %u): the nodes share no generation; nothing was synced\n",
			peer, drbd_sync_verdict_name(st->refused_verdict),
			st->refused_rule);
		fprintf(out, "    recover: keep one node's data; on the other: drbdadm down %s; drbdadm create-md --force %s; drbdadm up %s\n",
			res, res, res);
		return;
	}
	fprintf(out, "  %s connection:StandAlone split-brain (rule %u): both nodes changed the data while disconnected; nothing was synced\n",
		peer, st->refused_rule);
	fprintf(out, "    recover: on the node whose changes to discard: drbdadm disconnect %s; drbdadm secondary %s; drbdadm connect --discard-my-data %s\n",
		res, res, res);
	fprintf(out, "    then on the node to keep: drbdadm connect %s\n", res);
	fprintf(out, "    (%s resync of the blocks changed on either node)\n",
		st->refused_verdict == DRBD_SYNC_SPLIT_BRAIN ? "a bitmap" : "a full");
}

void status_fmt_status(FILE *out, const char *res, const char *peer,
		       const struct drbd_status *st)
{
	fprintf(out, "%s role:%s\n", res, drbd_role_name(st->role));
	fprintf(out, "  disk:%s\n", drbd_dstate_name(st->dstate));
	if (st->suspended)
		fprintf(out, "  suspended:fencing (I/O frozen until the fence-peer handler answers, or 'drbdadm resume-io %s')\n",
			res);
	if (st->cstate == DRBD_CS_CONNECTED || is_sync(st->cstate)) {
		fprintf(out, "  %s role:%s\n", peer, drbd_role_name(st->peer_role));
		if (is_sync(st->cstate)) {
			fprintf(out, "    replication:%s peer-disk:%s",
				drbd_cstate_name(st->cstate),
				drbd_dstate_name(st->peer_dstate));
			if (st->rs_total)
				fprintf(out, " done:%.2f", done_percent(st));
			if (st->rs_suspended)
				fprintf(out, " resync-suspended:%s",
					st->rs_suspended == DRBD_RS_SUSP_USER ?
					"user" :
					st->rs_suspended == DRBD_RS_SUSP_PEER ?
					"peer" : "user,peer");
			fputc('\n', out);
		} else
			fprintf(out, "    peer-disk:%s\n",
				drbd_dstate_name(st->peer_dstate));
	} else if (st->cstate == DRBD_CS_STANDALONE && st->refused) {
		fmt_refused(out, res, peer, st);
	} else if (st->cstate != DRBD_CS_STANDALONE) {
		fprintf(out, "  %s connection:%s\n", peer,
			drbd_cstate_name(st->cstate));
	}
	fputc('\n', out);
}

static const uint32_t gi_flags[] = {
	DRBD_MDF_CONSISTENT, DRBD_MDF_UP_TO_DATE, DRBD_MDF_PRIMARY,
	DRBD_MDF_CONNECTED, DRBD_MDF_FULL_SYNC, DRBD_MDF_PEER_OUTDATED,
	DRBD_MDF_OUTDATED,
};

void status_fmt_gi(FILE *out, const struct drbd_status *st)
{
	size_t i;

	fprintf(out, "%016" PRIX64 ":%016" PRIX64 ":%016" PRIX64 ":%016" PRIX64,
		st->uuid_current, st->uuid_bitmap, st->uuid_h1, st->uuid_h2);
	for (i = 0; i < sizeof(gi_flags) / sizeof(gi_flags[0]); i++)
		fprintf(out, ":%d", (st->md_flags & gi_flags[i]) ? 1 : 0);
	fputc('\n', out);
}

void status_fmt_show_gi(FILE *out, const char *res, const struct drbd_status *st)
{
	static const char *const names[] = {
		"consistent", "up-to-date", "was-primary", "was-connected",
		"full-sync", "peer-outdated", "outdated",
	};
	size_t i;

	fprintf(out, "%s generation identifiers (docs/generation-ids.md)\n", res);
	fprintf(out, "  current   %016" PRIX64 "  the data generation this node holds\n",
		st->uuid_current);
	fprintf(out, "  bitmap    %016" PRIX64 "  %s\n", st->uuid_bitmap,
		st->uuid_bitmap ? "the generation the bitmap counts changes from" :
				  "none: the bitmap tracks no older generation");
	fprintf(out, "  history   %016" PRIX64 "  %016" PRIX64 "  older generations, newest first\n",
		st->uuid_h1, st->uuid_h2);
	fprintf(out, "  out of sync %" PRIu64 " KiB (%" PRIu64 " blocks)\n",
		st->bits_set * 4, st->bits_set);
	fputs("  flags    ", out);
	for (i = 0; i < sizeof(gi_flags) / sizeof(gi_flags[0]); i++)
		fprintf(out, " %s:%d", names[i], (st->md_flags & gi_flags[i]) ? 1 : 0);
	fputc('\n', out);
}
