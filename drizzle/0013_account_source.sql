-- Account-data plays were told apart from extended-export plays by having only a minute and no
-- platform or reason; an extended row ending on :00 looked the same. From now on imports store
-- source = 'account' for them. Plays stored before keep the old inference, once, here.
UPDATE `plays` SET `source` = 'account'
  WHERE `source` = 'export' AND `reason_end` IS NULL AND `platform` IS NULL AND `ended_at` % 60000 = 0;
