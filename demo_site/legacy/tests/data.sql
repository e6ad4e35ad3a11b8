INSERT INTO user (username, password)
VALUES
  ('test', 'pbkdf2:sha256:60000$a738638738185e1d$d65ba52f51a71c282822468e5b100a99312eedb14ab36ebecd7566baf99d3cca'),
  ('other', 'pbkdf2:sha256:60000$f7a7b34c88eb0724$878c6aafd35211797bb74f832ac4141d8c35d6a3f371088d6b360d87521bd9cb');

INSERT INTO task (title, notes, due, done, owner_id)
VALUES
  ('Write the release notes', 'Mention the new API.', '2000-01-01', 0, 1),
  ('Book the venue', '', '2999-12-31', 0, 1),
  ('Order pizza', '', NULL, 1, 1),
  ('Other people''s task', '', NULL, 0, 2);
