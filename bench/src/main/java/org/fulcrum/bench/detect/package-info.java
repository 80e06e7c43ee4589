/** Load driver for the detection pipeline: rules, keyword and domain lists, and a 1M-hash PDQ bank. */
package org.fulcrum.bench.detect;
