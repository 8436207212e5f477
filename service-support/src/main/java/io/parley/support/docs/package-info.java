/** The OpenAPI description every Parley web service serves (springdoc). */
package io.parley.support.docs;
