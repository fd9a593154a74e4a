-- members: each household's card code (printed as a QR code on its card), what it agreed
-- to show to anyone scanning the card, and the people of the household
ALTER TABLE member ADD COLUMN card_code text NOT NULL DEFAULT upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12));
ALTER TABLE member ADD CONSTRAINT member_card_code_unique UNIQUE (card_code);
ALTER TABLE member ADD COLUMN show_name boolean NOT NULL DEFAULT false;
ALTER TABLE member ADD COLUMN show_village boolean NOT NULL DEFAULT false;
ALTER TABLE member ADD COLUMN show_deliveries boolean NOT NULL DEFAULT false;

CREATE TABLE household_person (
    member_id  uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    position   int NOT NULL CHECK (position >= 1),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    relation   text NOT NULL CHECK (relation IN ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'GRANDCHILD', 'OTHER')),
    birth_year int CHECK (birth_year BETWEEN 1900 AND 2100),
    PRIMARY KEY (member_id, position)
);
