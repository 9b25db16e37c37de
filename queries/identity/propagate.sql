-- One round of min-label propagation with pointer jumping (a label's own label).
CREATE OR REPLACE TEMP TABLE id_labels_next AS
SELECT l.node, least(l.label, min(n.label), min(j.label)) AS label
FROM id_labels l
LEFT JOIN id_edges e ON e.a = l.node
LEFT JOIN id_labels n ON n.node = e.b
LEFT JOIN id_labels j ON j.node = l.label
GROUP BY l.node, l.label
