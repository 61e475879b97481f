"""What the browser tests and the bench share: a Streamlit server on a free loopback port
(server), Debian's Chromium (chromium), finding, readying and clicking the map in a page
(mapping), and one definition of a percentile (stats). Nothing here imports the bench."""
