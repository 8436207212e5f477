/** The JSON objects of {@code API.md}, field for field. Every object carries both {@code _id} and {@code id}. */
package io.parley.kernel.api;
