/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cib_internal.h - helpers shared by the files of the CIB library. */
#ifndef PACER_CIB_INTERNAL_H
#define PACER_CIB_INTERNAL_H

#include <stdbool.h>
#include "cib.h"

int cib_set_error(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
