// SPDX-License-Identifier: GPL-2.0-or-later
/* cib_ipc.c - length-prefixed XML messages on the pacerd unix socket. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cib_ipc.h"

const char *cib_ipc_path(void)
{
	const char *p = getenv("PACER_SOCKET");

	return p && *p ? p : PACER_SOCKET_DEFAULT;
}

static int xfer(int fd, void *buf, size_t len, int out)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = out ? send(fd, p, len, MSG_NOSIGNAL) :
				  recv(fd, p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int cib_ipc_send(int fd, const char *buf, size_t len)
{
	unsigned char hdr[4] = { len >> 24, len >> 16, len >> 8, len };
	int rc;

	if (len > PACER_IPC_MAX)
		return -EMSGSIZE;
	rc = xfer(fd, hdr, 4, 1);
	return rc ? rc : xfer(fd, (char *)buf, len, 1);
}

int cib_ipc_recv(int fd, char **ret_buf, size_t *ret_len)
{
	unsigned char hdr[4];
	uint32_t len;
	char *buf;
	int rc;

	rc = xfer(fd, hdr, 4, 0);
	if (rc)
		return rc;
	len = (uint32_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
	if (len > PACER_IPC_MAX)
		return -EMSGSIZE;
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	rc = xfer(fd, buf, len, 0);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[len] = 0;
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

int cib_ipc_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = cib_ipc_path();
	int fd, err;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}
