/** Error codes and the exception that carries one; part of the public API. */
package io.parley.kernel.error;
