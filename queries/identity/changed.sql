SELECT count(*) FROM id_labels_next n JOIN id_labels l USING (node) WHERE n.label <> l.label
