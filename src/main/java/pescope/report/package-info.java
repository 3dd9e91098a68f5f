/** Renderers: they draw results and know nothing of parsing. */
package pescope.report;
