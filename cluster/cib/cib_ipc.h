/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cib_ipc.h - the local socket between the pacer commands and pacerd.
 *
 * A message is a 4-byte big-endian length followed by that many bytes of
 * XML.  Requests are <request cmd="…"> elements, replies <reply rc="N"
 * msg="…"> with an optional payload element.  The socket is
 * PACER_SOCKET (environment) or /run/pacer/pacerd.sock, mode 0660, group
 * haclient.
 */
#ifndef PACER_CIB_IPC_H
#define PACER_CIB_IPC_H

#include <stddef.h>

#define PACER_SOCKET_DEFAULT "/run/pacer/pacerd.sock"
#define PACER_IPC_MAX (64u << 20)

const char *cib_ipc_path(void);
int cib_ipc_send(int fd, const char *buf, size_t len);
/* *ret_buf is malloc'd and NUL-terminated. */
int cib_ipc_recv(int fd, char **ret_buf, size_t *ret_len);
/* Connect to the local pacerd; fd or negative errno. */
int cib_ipc_connect(void);

#endif
