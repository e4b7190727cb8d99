/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * status_fmt.h - what role, dstate, cstate and status print for a
 * resource's state (DRBD 9 style).  Pure formatting, unit-tested.
 */
#ifndef STATUS_FMT_H
#define STATUS_FMT_H

#include <stdio.h>

#include "nl_client.h"

void status_fmt_role(FILE *out, const struct drbd_status *st);
void status_fmt_dstate(FILE *out, const struct drbd_status *st);
void status_fmt_cstate(FILE *out, const struct drbd_status *st);

/*
 * "r0 role:Primary" / "  disk:UpToDate" / peer lines when a connection
 * exists (@peer names the peer host) / an empty line.
 */
void status_fmt_status(FILE *out, const char *res, const char *peer,
		       const struct drbd_status *st);

/*
 * get-gi: "CURRENT:BITMAP:HISTORY1:HISTORY2:c:u:p:n:f:o:d" (hex UUIDs,
 * then metadata flags consistent, up-to-date, primary, connected,
 * full-sync, peer-outdated, outdated as 0/1).  show-gi: the same
 * explained, one item a line.
 */
void status_fmt_gi(FILE *out, const struct drbd_status *st);
void status_fmt_show_gi(FILE *out, const char *res, const struct drbd_status *st);

#endif /* STATUS_FMT_H */
